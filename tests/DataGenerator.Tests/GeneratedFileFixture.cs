using InactiveCustomers.TestSupport;

namespace InactiveCustomers.DataGenerator.Tests;

/// <summary>One generated file of realistic size, shared by the shape tests, and its measured profile.</summary>
public sealed class GeneratedFileFixture : IDisposable
{
    public const long Rows = 300_000;

    public GeneratedFileFixture()
    {
        Folder = TestFolders.New("generated");
        Path = System.IO.Path.Combine(Folder, "purchases.csv");
        var options = new GeneratorOptions(Rows, Seed: 7, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, BadRowFraction: 0, CrLf: false);
        using (var stream = File.Create(Path))
        {
            Result = new PurchaseFileGenerator(options).Generate(stream);
        }

        Profile = PurchaseFileProfile.Read(Path);
    }

    public string Folder { get; }

    public string Path { get; }

    public GenerationResult Result { get; }

    public PurchaseFileProfile Profile { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
