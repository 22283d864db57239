using Microsoft.Extensions.FileProviders;

namespace InactiveCustomers.Segmentation.Views;

/// <summary>
/// The dashboard page at <c>/dashboard/</c> (and <c>/</c> leads there): the HTML, script and style in
/// <c>Dashboard/</c>, with Apache ECharts from npm, embedded in this assembly by the build so that every host of the
/// service — its own process, or the one-process demo — serves the same page. It reads <see cref="DashboardApi"/>;
/// its links to a segment's campaign targets call the reengagement service's marketing API, at
/// <c>Dashboard:TargetsApiUrl</c> (default: the page's own origin, as in the one-process demo).
/// </summary>
public static class DashboardPage
{
    public const string Path = "/dashboard";
    public const string TargetsApiSetting = "Dashboard:TargetsApiUrl";

    public static WebApplication UseDashboardPage(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardPage).Assembly, "InactiveCustomers.Segmentation.Dashboard");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            // The page and its scripts change with the build: the browser asks again rather than trusting an old copy.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        var targetsApi = app.Configuration[TargetsApiSetting] ?? string.Empty;
        if (targetsApi.Length > 0 && !Uri.TryCreate(targetsApi, UriKind.Absolute, out _))
        {
            throw new ServiceDefaults.SettingException(TargetsApiSetting, $"is '{targetsApi}', which is not an absolute URL such as http://localhost:5082");
        }

        app.MapGet($"{Path}/config.json", () => TypedResults.Ok(new { targetsApi })).ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Redirect($"{Path}/")).ExcludeFromDescription();
        return app;
    }
}
