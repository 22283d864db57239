// The dashboard page: GET /api/dashboard (the BI views vw_*) drawn with Apache ECharts, in pt-BR and BRL.
'use strict';

const reais = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const reaisCurtos = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', notation: 'compact', maximumFractionDigits: 1 });
const inteiros = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });
const datas = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC' });
const cores = { Ativo: '#2e7d32', Inativo: '#c62828' };

const graficos = {
  status: echarts.init(document.getElementById('grafico-status'), null, { locale: 'PT-br' }),
  vendasPorData: echarts.init(document.getElementById('grafico-vendas-data'), null, { locale: 'PT-br' }),
  vendasPorAno: echarts.init(document.getElementById('grafico-vendas-ano'), null, { locale: 'PT-br' }),
};
window.addEventListener('resize', () => Object.values(graficos).forEach(g => g.resize()));

const filtros = document.getElementById('filtros');
const aviso = document.getElementById('aviso');

function clientes(n) { return `${inteiros.format(n)} ${n === 1 ? 'cliente' : 'clientes'}`; }

function estado(valor) { document.documentElement.dataset.estado = valor; }

function periodo() {
  const query = new URLSearchParams();
  for (const nome of ['ano', 'trimestre', 'mes']) {
    const valor = filtros.elements[nome].value;
    if (valor) query.set(nome, valor);
  }
  return query;
}

function desenhado(grafico) {
  return new Promise(resolve => grafico.on('finished', function pronto() { grafico.off('finished', pronto); resolve(); }));
}

function linhas(tabela, grupos, filtro) {
  const corpo = document.querySelector(`#${tabela} tbody`);
  corpo.replaceChildren(...grupos.map(grupo => {
    const linha = document.createElement('tr');
    const link = document.createElement('a');
    link.href = `targets.html?${new URLSearchParams({ [filtro]: grupo.nome })}`;
    link.textContent = 'Ver alvos';
    for (const [texto, classe] of [[grupo.nome, ''], [inteiros.format(grupo.clientes), 'num'], [reais.format(grupo.valorTotalGasto), 'num']]) {
      const celula = document.createElement('td');
      celula.textContent = texto;
      if (classe) celula.className = classe;
      linha.append(celula);
    }
    const celula = document.createElement('td');
    celula.append(link);
    linha.append(celula);
    return linha;
  }));
}

function desenhar(painel) {
  document.getElementById('kpi-gmv').textContent = reais.format(painel.kpis.somaGmvSuccess);
  document.getElementById('kpi-tickets').textContent = inteiros.format(painel.kpis.somaTotalTicketsQuantitySuccess);
  document.getElementById('kpi-inativo-alto-valor').textContent = reais.format(painel.kpis.valorInativoAltoValor);
  document.getElementById('kpi-inativo-alto-valor-clientes').textContent = clientes(painel.kpis.clientesInativoAltoValor);

  const prontos = Object.values(graficos).map(desenhado);
  graficos.status.setOption({
    tooltip: { trigger: 'item', valueFormatter: clientes },
    legend: { bottom: 0 },
    series: [{
      name: 'Clientes', type: 'pie', radius: ['35%', '70%'],
      label: { position: 'inside', color: '#fff', fontWeight: 'bold', lineHeight: 16, formatter: p => `${inteiros.format(p.value)}\n${p.percent.toLocaleString('pt-BR')}%` },
      data: painel.statusClientes.map(s => ({ name: s.status, value: s.clientes, itemStyle: { color: cores[s.status] } })),
    }],
  }, true);
  graficos.vendasPorData.setOption({
    tooltip: { trigger: 'axis', valueFormatter: v => reais.format(v) },
    grid: { left: 70, right: 20, top: 20, bottom: 70 },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: v => datas.format(new Date(v)) } },
    yAxis: { type: 'value', axisLabel: { formatter: v => reaisCurtos.format(v) } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 10, labelFormatter: v => datas.format(new Date(v)) }],
    series: [{
      name: 'gmv_success', type: 'line', showSymbol: false, sampling: 'lttb', areaStyle: { opacity: .15 },
      data: painel.vendasPorData.map(d => [d.data, d.gmvSuccess]),
    }],
  }, true);
  graficos.vendasPorAno.setOption({
    tooltip: { trigger: 'axis', valueFormatter: v => reais.format(v) },
    grid: { left: 70, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: painel.vendasPorAno.map(a => String(a.ano)) },
    yAxis: { type: 'value', axisLabel: { formatter: v => reaisCurtos.format(v) } },
    series: [{ name: 'gmv_success', type: 'bar', itemStyle: { color: '#1f4e79' }, data: painel.vendasPorAno.map(a => a.gmvSuccess) }],
  }, true);

  linhas('tabela-perfil', painel.porPerfil, 'perfil');
  linhas('tabela-potencial', painel.porPotencial, 'potencial');
  return Promise.all(prontos);
}

async function buscar(query) {
  const resposta = await fetch(`../api/dashboard?${query}`, { headers: { Accept: 'application/json' } });
  if (!resposta.ok) {
    const problema = await resposta.json().catch(() => ({}));
    throw new Error(problema.detail || problema.title || `a API respondeu ${resposta.status}`);
  }
  return resposta.json();
}

// Draws the period in the filters; `buscado` is that period's answer when the caller already has it.
async function carregar(buscado) {
  estado('carregando');
  const query = periodo();
  history.replaceState(null, '', query.size ? `?${query}` : location.pathname);
  try {
    const painel = buscado ?? await buscar(query);
    aviso.hidden = true;
    await desenhar(painel);
    estado('pronto');
  } catch (erro) {
    aviso.textContent = `Não foi possível carregar o painel: ${erro.message}`;
    aviso.hidden = false;
    estado('erro');
  }
}

async function iniciar() {
  // The years come from the unfiltered answer, which is also the first view unless the address has filters (?ano=…).
  const inicial = new URLSearchParams(location.search);
  const tudo = await buscar(new URLSearchParams()).catch(() => null);
  for (const { ano } of tudo?.vendasPorAno ?? []) {
    filtros.elements.ano.append(new Option(String(ano), String(ano)));
  }
  for (const nome of ['ano', 'trimestre', 'mes']) {
    if (inicial.has(nome)) filtros.elements[nome].value = inicial.get(nome);
  }
  filtros.addEventListener('change', () => carregar());
  filtros.addEventListener('reset', () => setTimeout(() => carregar()));
  await carregar(periodo().size ? undefined : tudo ?? undefined);
}

iniciar();
