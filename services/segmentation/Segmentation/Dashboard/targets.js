// A segment's campaign targets, from the reengagement service's marketing API (GET /api/targets, bearer token).
'use strict';

const reais = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const datas = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC' });
const filtro = new URLSearchParams([...new URLSearchParams(location.search)].filter(([nome]) => ['perfil', 'potencial', 'segmento', 'status'].includes(nome)));
const acesso = document.getElementById('acesso');
const aviso = document.getElementById('aviso');
const mais = document.getElementById('mais');
// Where the marketing API is: this origin (the one-process demo) or Dashboard:TargetsApiUrl. Every call waits for it.
const api = fetch('config.json').then(r => r.json()).then(config => (config.targetsApi ?? '').replace(/\/$/, ''));
let proxima = null;

document.getElementById('filtro-descricao').textContent = filtro.size
  ? [...filtro].map(([nome, valor]) => `${nome}: ${valor}`).join(' · ')
  : 'Todos os alvos';
acesso.elements.token.value = sessionStorage.getItem('marketing-token') ?? '';

function cabecalhos() {
  const token = acesso.elements.token.value.trim();
  sessionStorage.setItem('marketing-token', token);
  return { Authorization: `Bearer ${token}` };
}

function falha(resposta) {
  const motivos = { 401: 'o token falta, expirou ou não é aceito', 403: 'o token não tem o papel marketing.read', 429: 'limite de pedidos por minuto atingido' };
  return new Error(motivos[resposta.status] ?? `a API respondeu ${resposta.status}`);
}

async function carregar(depois) {
  const query = new URLSearchParams(filtro);
  if (depois) query.set('after', depois);
  try {
    const resposta = await fetch(`${await api}/api/targets?${query}`, { headers: cabecalhos() });
    if (!resposta.ok) throw falha(resposta);
    const pagina = await resposta.json();
    const corpo = document.querySelector('#tabela-alvos tbody');
    if (!depois) corpo.replaceChildren();
    for (const alvo of pagina.items) {
      const linha = document.createElement('tr');
      for (const [texto, classe] of [[alvo.customerId], [alvo.perfilCliente], [alvo.potencialCliente], [alvo.segmentoViajante], [alvo.status],
        [alvo.inactiveSince ? datas.format(new Date(alvo.inactiveSince)) : ''], [reais.format(alvo.valorTotalGasto), 'num']]) {
        const celula = document.createElement('td');
        celula.textContent = texto ?? '';
        if (classe) celula.className = classe;
        linha.append(celula);
      }
      corpo.append(linha);
    }
    proxima = pagina.next;
    mais.hidden = !proxima;
    aviso.hidden = true;
  } catch (erro) {
    aviso.textContent = `Não foi possível ler os alvos: ${erro.message}`;
    aviso.hidden = false;
  }
}

async function exportar() {
  try {
    const resposta = await fetch(`${await api}/api/targets/export?${filtro}`, { headers: cabecalhos() });
    if (!resposta.ok) throw falha(resposta);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await resposta.blob());
    link.download = 'alvos.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (erro) {
    aviso.textContent = `Não foi possível exportar: ${erro.message}`;
    aviso.hidden = false;
  }
}

acesso.addEventListener('submit', evento => { evento.preventDefault(); carregar(); });
document.getElementById('exportar').addEventListener('click', exportar);
mais.addEventListener('click', () => carregar(proxima));

if (acesso.elements.token.value) carregar();
