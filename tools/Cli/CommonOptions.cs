using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace InactiveCustomers.Cli;

/// <summary>Option shapes shared by several verbs.</summary>
internal static class CommonOptions
{
    public const string DefaultLake = ".data/lake";

    /// <summary>A YYYY-MM-DD option; absent, it is null and the caller applies the default named in <paramref name="description"/>.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = result => ParseDate(result, name),
    };

    /// <summary><c>--lake DIR</c>: else the setting Lake:Root (environment Lake__Root), else ./.data/lake.</summary>
    public static Option<DirectoryInfo?> Lake() => new("--lake")
    {
        Description = $"Data lake folder [default: $Lake__Root, else {DefaultLake}]",
        HelpName = "DIR",
    };

    public static string LakeRoot(DirectoryInfo? option) =>
        option?.FullName ?? (Environment.GetEnvironmentVariable("Lake__Root") is { Length: > 0 } root ? root : DefaultLake);

    private static DateOnly? ParseDate(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name} '{text}' is not a date in the form YYYY-MM-DD");
        return null;
    }
}
