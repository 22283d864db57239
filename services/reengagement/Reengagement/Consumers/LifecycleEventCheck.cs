using InactiveCustomers.Contracts;

namespace InactiveCustomers.Reengagement.Consumers;

/// <summary>
/// What a lifecycle event must hold to become a target. A message that breaks it can never be stored, however
/// often it is retried: it is a poison message, moved to the endpoint's error queue with the reason.
/// </summary>
internal static class LifecycleEventCheck
{
    public static string? Problem(string? customerId, string? episodeKey, CustomerSegment? customer)
    {
        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > 64)
        {
            return "CustomerId is missing or longer than 64 characters";
        }

        if (string.IsNullOrWhiteSpace(episodeKey) || !episodeKey.StartsWith(customerId + ":", StringComparison.Ordinal) || episodeKey.Length > 80
            || !DateOnly.TryParseExact(episodeKey[(customerId.Length + 1)..], "yyyy-MM-dd", out _))
        {
            return $"EpisodeKey '{episodeKey}' is not '<CustomerId>:<yyyy-MM-dd>'";
        }

        if (customer is null)
        {
            return "Customer (the segmentation row) is missing";
        }

        if (string.IsNullOrWhiteSpace(customer.Profile) || string.IsNullOrWhiteSpace(customer.Potential) || string.IsNullOrWhiteSpace(customer.TravellerSegment))
        {
            return "Customer has no perfil_cliente, potencial_cliente or segmento_viajante";
        }

        return null;
    }
}
