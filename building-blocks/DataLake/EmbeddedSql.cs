using System.Reflection;

namespace InactiveCustomers.DataLake;

/// <summary>SQL kept in .sql files beside the code that runs it, embedded as resources named after their folder.</summary>
public static class EmbeddedSql
{
    /// <summary>The text of <paramref name="resource"/> (e.g. <c>InactiveCustomers.DataLake.Catalog.catalog-schema.sql</c>) in <paramref name="assembly"/>.</summary>
    public static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded SQL {resource} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
