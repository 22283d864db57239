using System.Net;
using System.Net.Sockets;

namespace InactiveCustomers.LocalServers;

/// <summary>A TCP port on the loopback interface that nothing listens on right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <paramref name="count"/> consecutive ports that can all be bound now, for a program that binds them itself a
    /// while later (a set of services on --port N, N+1, …). They are taken below the kernel's ephemeral range
    /// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768 and up by default), where <see cref="Next"/> and every
    /// outgoing connection get theirs: a port from there could be handed to another test's server before the program
    /// binds it (seen: a RabbitMQ node of another test assembly lost its port to a service started by <c>up</c>).
    /// </summary>
    public static int NextRange(int count)
    {
        var ceiling = EphemeralFloor() - count;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(10_000, ceiling);
            if (Enumerable.Range(first, count).All(CanBind))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free loopback ports found from 10000 to {ceiling}");
    }

    private static int EphemeralFloor()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), 12_000);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether something accepts connections on <paramref name="port"/> of the loopback interface now.</summary>
    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until something accepts connections on <paramref name="port"/>, or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, Func<bool> keepWaiting, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && keepWaiting())
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }

        return false;
    }
}
