using MassTransit;

namespace InactiveCustomers.Reengagement.Consumers;

/// <summary>
/// Moves one message of a batch to the endpoint's error queue with the reason, so that the rest of the batch is
/// stored: a batch otherwise succeeds or fails as a whole. The headers are those MassTransit writes on faults.
/// </summary>
internal static class PoisonMessages
{
    /// <summary>The batch's messages that pass <paramref name="problem"/>; the others go to the error queue with it.</summary>
    public static async Task<List<T>> SetAsideAsync<T>(Batch<T> batch, Func<T, string?> problem, ILogger logger)
        where T : class
    {
        var valid = new List<T>(batch.Length);
        foreach (var message in batch)
        {
            if (problem(message.Message) is { } reason)
            {
                await MoveToErrorQueueAsync(message, reason, logger);
                continue;
            }

            valid.Add(message.Message);
        }

        return valid;
    }

    public static async Task MoveToErrorQueueAsync<T>(ConsumeContext<T> message, string reason, ILogger logger)
        where T : class
    {
        var errorQueue = new Uri($"queue:{message.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1]}_error");
        var endpoint = await message.GetSendEndpoint(errorQueue);
        await endpoint.Send(message.Message, send =>
        {
            send.MessageId = message.MessageId;
            send.Headers.Set(MessageHeaders.Reason, "fault");
            send.Headers.Set(MessageHeaders.FaultExceptionType, "InactiveCustomers.Reengagement.InvalidLifecycleEvent");
            send.Headers.Set(MessageHeaders.FaultMessage, reason);
            send.Headers.Set(MessageHeaders.FaultInputAddress, message.ReceiveContext.InputAddress.ToString());
            send.Headers.Set(MessageHeaders.FaultTimestamp, DateTimeOffset.UtcNow.ToString("O"));
        });
        logger.LogWarning("Moved {MessageType} {MessageId} to {ErrorQueue}: {Reason}", typeof(T).Name, message.MessageId, errorQueue, reason);
    }
}
