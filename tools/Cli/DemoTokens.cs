using System.Security.Claims;
using System.Security.Cryptography;
using InactiveCustomers.Reengagement.Api;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InactiveCustomers.Cli;

/// <summary>
/// Bearer tokens for the marketing API on one machine (<c>demo</c> and <c>up</c>): signed with a key kept in the
/// working folder, which the reengagement service is configured to trust, as <c>dotnet user-jwts</c> does for a
/// developer. In production the tokens come from the identity provider instead (README, "The marketing API").
/// </summary>
internal static class DemoTokens
{
    public const string Issuer = "inactive-customers-demo";
    public const string Audience = "reengagement";

    /// <summary>The reengagement settings that trust the key (Authentication:Schemes:Bearer:…).</summary>
    public static Dictionary<string, string?> Settings(byte[] key) => new()
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(key),
    };

    /// <summary>A token with both marketing roles, valid for <paramref name="lifetime"/>.</summary>
    public static string Issue(byte[] key, TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "demo"), new Claim("name", "demo"), new Claim("role", Security.Read), new Claim("role", Security.Write)]),
        Expires = DateTime.UtcNow.Add(lifetime),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });

    /// <summary>The key: 32 random bytes in <c>demo-signing-key</c> of the working folder, readable by its owner only.</summary>
    public static byte[] SigningKey(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "demo-signing-key");
        if (File.Exists(path))
        {
            var stored = new byte[32];
            if (Convert.TryFromBase64String(File.ReadAllText(path).Trim(), stored, out var length) && length == 32)
            {
                return stored;
            }
        }

        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(dataFolder);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // never readable by others, not even for a moment
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}
