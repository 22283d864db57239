using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace InactiveCustomers.Cli;

/// <summary>Option shapes shared by several verbs.</summary>
internal static class CommonOptions
{
    public static Option<DateOnly> Date(string name, string description, DateOnly defaultValue) => new(name)
    {
        Description = description + $" (YYYY-MM-DD, default {defaultValue:yyyy-MM-dd})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseDate(result, name),
    };

    private static DateOnly ParseDate(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name} '{text}' is not a date in the form YYYY-MM-DD");
        return default;
    }
}
