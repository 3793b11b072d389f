package dev.clerksync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.metrics.PromqlSelectors.Selector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which words of a PromQL expression are series the scrape must have, and which series they pick. */
class PromqlSelectorsTest {

    private static List<String> written(String expr) {
        return PromqlSelectors.of(expr).stream().map(Selector::toString).toList();
    }

    @Test
    void aggregationsFunctionsAndGroupingLabelsAreNotMetrics() {
        assertEquals(List.of("d_seconds_bucket{outcome!=\"rejected\"}"), written(
                "histogram_quantile(0.99, sum by (job, le) (rate(d_seconds_bucket{outcome!=\"rejected\"}[5m]))) > 1"));
    }

    @Test
    void aRatioNamesItsSeriesOnEachSide() {
        assertEquals(List.of("d_total{outcome=\"rejected\"}", "d_total"), written(
                "sum by (job) (rate(d_total{outcome=\"rejected\"}[15m])) / sum by (job) (rate(d_total[15m])) > 0.5"));
    }

    @Test
    void setOperatorsMatchingClausesOffsetsAndNumbersAreNotMetrics() {
        assertEquals(List.of("pending", "active", "max"), written("max_over_time(pending[5m]) > 0 and on (pool)"
                + " min_over_time(active[5m] offset 1h) >= ignoring(le) group_left max * 1e3 unless bool 0.5"));
    }

    @Test
    void stringArgumentsHoldNoMetrics() {
        assertEquals(List.of("x"), written("label_replace(x, \"dst\", \"$1 up\", \"src\", \"(.*) y\")"));
    }

    @Test
    void grafanaVariablesAreNotMetricsAndMatchAnyValue() {
        List<Selector> selectors = PromqlSelectors.of(
                "sum(increase(x{job=~\"$job\",instance=~\"${instance}\"}[$__rate_interval])) / $scale");

        assertEquals(List.of("x"), selectors.stream().map(Selector::metric).toList());
        assertTrue(selectors.get(0).selects("x", Map.of("job", "clerk-sync")));
    }

    @Test
    void aSelectorPicksOnlySeriesOfItsNameMatchingEveryMatcher() {
        Selector selector = PromqlSelectors.of("d_total{outcome=~\"unavailable|overloaded\",type!=\"other\"}").get(0);

        assertTrue(selector.selects("d_total", Map.of("outcome", "overloaded", "type", "unknown")));
        assertFalse(selector.selects("d_total", Map.of("outcome", "failed", "type", "unknown")));
        assertFalse(selector.selects("d_total", Map.of("outcome", "overloaded", "type", "other")));
        assertFalse(selector.selects("e_total", Map.of("outcome", "overloaded", "type", "unknown")));
    }

    @Test
    void aVariableQueryNamesTheSeriesItsValuesComeFrom() {
        assertEquals(List.of("x"), PromqlSelectors.ofVariableQuery("label_values(x{job=~\"$job\"}, instance)")
                .stream().map(Selector::metric).toList());
    }

    @Test
    void aSelectorWithoutAMetricNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromqlSelectors.of("rate({__name__=~\"x.*\"}[5m])"));
    }
}
