namespace InactiveCustomers.ServiceDefaults;

/// <summary>A configuration setting is missing or wrong; the message names it so an operator can fix it.</summary>
public sealed class SettingException(string setting, string problem)
    : InvalidOperationException($"Setting '{setting}' {problem}")
{
    /// <summary>The configuration key, e.g. <c>Messaging:Transport</c>.</summary>
    public string Setting { get; } = setting;
}
