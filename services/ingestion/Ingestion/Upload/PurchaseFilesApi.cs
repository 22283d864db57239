using System.IO.Compression;
using InactiveCustomers.Ingestion.Batches;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InactiveCustomers.Ingestion.Upload;

/// <summary>POST a purchase file as the request body; GET its batch's status and report.</summary>
public static class PurchaseFilesApi
{
    public static IEndpointRouteBuilder MapPurchaseFilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/purchase-files").WithTags("Purchase files");
        api.MapPost("/", UploadAsync)
            .WithSummary("Ingest a purchase export sent as the request body (text/csv, optionally Content-Encoding: gzip)");
        api.MapGet("/{batchId:guid}", GetAsync).WithName("GetPurchaseFile")
            .WithSummary("A batch's status (received, validated, landed, refused) and report");
        return app;
    }

    private static async Task<Results<Accepted<PurchaseBatch>, Ok<PurchaseBatch>, ProblemHttpResult>> UploadAsync(
        HttpContext context, PurchaseBatches batches, IngestionSettings settings, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = settings.MaxUploadBytes; // streamed, so the default 30 MB cap does not apply
        }

        if (request.ContentLength > settings.MaxUploadBytes)
        {
            return TooLarge(settings.MaxUploadBytes);
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        Stream body = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" => new GZipStream(request.Body, CompressionMode.Decompress),
            _ => Stream.Null,
        };
        if (body == Stream.Null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Content-Encoding",
                detail: $"Content-Encoding '{encoding}' is not supported: send the file plain or gzip-compressed");
        }

        var fileName = Path.GetFileName(request.Query["fileName"].FirstOrDefault() ?? request.Headers["X-File-Name"].FirstOrDefault() ?? "upload.csv");
        try
        {
            await using var limited = new LimitedReadStream(body, settings.MaxUploadBytes);
            var (batch, isNew) = await batches.SubmitAsync(limited, fileName, "http", cancellationToken);
            var location = $"/api/purchase-files/{batch.Id}";
            if (isNew || !batch.IsFinished)
            {
                return TypedResults.Accepted(location, batch);
            }

            // The same bytes were ingested before: the earlier batch is the answer.
            context.Response.Headers.Location = location;
            return TypedResults.Ok(batch);
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(settings.MaxUploadBytes);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings.MaxUploadBytes);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not valid gzip", detail: e.Message);
        }
    }

    private static async Task<Results<Ok<PurchaseBatch>, ProblemHttpResult>> GetAsync(Guid batchId, PurchaseBatches batches, CancellationToken cancellationToken) =>
        await batches.FindAsync(batchId, cancellationToken) is { } batch
            ? TypedResults.Ok(batch)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such batch", detail: $"no purchase file was received as batch {batchId}");

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
            detail: $"the file is larger than the limit of {limit:N0} bytes (setting Ingestion:MaxUploadBytes)");
}
