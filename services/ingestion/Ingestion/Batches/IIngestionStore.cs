using Marten;

namespace InactiveCustomers.Ingestion.Batches;

/// <summary>The ingestion service's Marten store (schema <c>ingestion</c>): the purchase batches' event streams.</summary>
public interface IIngestionStore : IDocumentStore;
