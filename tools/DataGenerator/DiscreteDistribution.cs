namespace InactiveCustomers.DataGenerator;

/// <summary>A discrete distribution over 0..n-1 sampled by inverse CDF: Zipf ranks (few places and companies get most orders) or given weights.</summary>
internal sealed class DiscreteDistribution
{
    private readonly double[] _cumulative;

    private DiscreteDistribution(double[] weights)
    {
        _cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            _cumulative[i] = total;
        }
    }

    /// <summary>Index i with probability proportional to weights[i].</summary>
    public static DiscreteDistribution FromWeights(double[] weights) => new(weights);

    /// <summary>Rank r (0-based) with probability proportional to 1 / (r + 1)^exponent.</summary>
    public static DiscreteDistribution Zipf(int count, double exponent) =>
        new(Enumerable.Range(1, count).Select(rank => 1.0 / Math.Pow(rank, exponent)).ToArray());

    public int Count => _cumulative.Length;

    public int Sample(Random random) => SampleAt(random.NextDouble());

    /// <summary>The index at quantile <paramref name="u"/> in [0, 1): the same u always gives the same index.</summary>
    public int SampleAt(double u)
    {
        var target = u * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        return Math.Min(index >= 0 ? index : ~index, _cumulative.Length - 1);
    }
}
