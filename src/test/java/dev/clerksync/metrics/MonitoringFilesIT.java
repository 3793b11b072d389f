package dev.clerksync.metrics;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.metrics.MonitoringFiles.Query;
import dev.clerksync.metrics.MonitoringFiles.Rule;
import dev.clerksync.metrics.PromqlSelectors.Selector;
import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules of {@code docs/monitoring} against the deployed WAR: every
 * series selector of every query picks a series that {@code /metrics} exports (a renamed meter or
 * label value would otherwise leave a panel empty and an alert silent for good), and promtool
 * finds the rules valid, their unit tests passing and the dashboard's queries well formed.
 */
class MonitoringFilesIT extends DeployedWar {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? \\S+$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern RULES_FOUND = Pattern.compile("SUCCESS: (\\d+) rules found");

    private static boolean delivered;

    /** A series of the scrape: its name and labels. */
    private record Series(String name, Map<String, String> labels) {
    }

    @Test
    void everySeriesTheAlertsQueryIsExported() throws Exception {
        List<Series> exported = scrapeAfterDeliveries();
        List<String> missing = new ArrayList<>();
        for (Rule rule : MonitoringFiles.alertRules()) {
            missing.addAll(unexported("alert " + rule.name(), PromqlSelectors.of(rule.expr()), exported));
        }

        assertEquals(List.of(), missing, "selectors of " + MonitoringFiles.ALERTS + " that /metrics does not export");
    }

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        List<Series> exported = scrapeAfterDeliveries();
        List<String> missing = new ArrayList<>();
        List<Query> queries = MonitoringFiles.dashboardQueries();
        for (Query query : queries) {
            missing.addAll(unexported(query.where(), PromqlSelectors.of(query.expr()), exported));
        }
        for (Query variable : MonitoringFiles.dashboardVariables()) {
            missing.addAll(unexported(variable.where(), PromqlSelectors.ofVariableQuery(variable.expr()), exported));
        }

        assertTrue(queries.size() > 10, queries.toString());
        assertEquals(List.of(), missing,
                "selectors of " + MonitoringFiles.DASHBOARD + " that /metrics does not export");
    }

    @Test
    void promtoolFindsTheRulesValidAndAsManyAsTheseTestsRead() throws Exception {
        Promtool.Run check = Promtool.run("check", "rules", MonitoringFiles.ALERTS.toString());

        assertEquals(0, check.exitCode(), check.output());
        Matcher found = RULES_FOUND.matcher(check.output());
        assertTrue(found.find(), check.output());
        assertEquals(MonitoringFiles.alertRules().size(), Integer.parseInt(found.group(1)), check.output());
    }

    @Test
    void promtoolUnitTestsOfTheAlertsPass() throws Exception {
        Promtool.Run test = Promtool.run("test", "rules", MonitoringFiles.ALERT_TESTS.toString());

        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void promtoolParsesEveryQueryOfTheDashboard() throws Exception {
        // Grafana fills in its variables before Prometheus sees a query; promtool checks each one as a
        // recording rule with the variables given values of the right kind.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<Query> queries = MonitoringFiles.dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i).expr().replace("$__rate_interval", "5m").replace("$__range", "6h")
                    .replace("$job", ".*").replace("$instance", ".*");
            rules.append("      - record: dashboard:query_").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile(Path.of("target"), "dashboard-queries", ".yml");
        try {
            Files.writeString(file, rules);

            Promtool.Run check = Promtool.run("check", "rules", file.toString());

            assertEquals(0, check.exitCode(), check.output() + "\n" + rules);
            assertTrue(check.output().contains("SUCCESS: " + queries.size() + " rules found"), check.output());
        } finally {
            Files.delete(file);
        }
    }

    /** The selectors that pick no exported series, each named with where it is written. */
    private static List<String> unexported(String where, List<Selector> selectors, List<Series> exported) {
        List<String> missing = new ArrayList<>();
        for (Selector selector : selectors) {
            if (exported.stream().noneMatch(series -> selector.selects(series.name(), series.labels()))) {
                boolean named = exported.stream().anyMatch(series -> series.name().equals(selector.metric()));
                missing.add(where + ": " + selector + (named ? " (no series with these labels)" : " (no such metric)"));
            }
        }
        return missing;
    }

    /**
     * The scrape after deliveries of the outcomes a fresh WAR has no series for yet (applied,
     * duplicate, failed, rejected): what a WAR in service exports. Sent once for the class.
     */
    private List<Series> scrapeAfterDeliveries() throws Exception {
        synchronized (MonitoringFilesIT.class) {
            if (!delivered) {
                Delivery applied = webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json());
                assertEquals("applied", applied.post().outcome());
                assertEquals("duplicate", applied.post().outcome());
                assertEquals(400, webhooks().delivery("not json").post().status());
                assertEquals(401, webhooks().delivery(userCreated(newUserId()).json())
                        .signedWith(SigningSecrets.newSecret()).post().status());
                delivered = true;
            }
        }
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "metrics"))
                .header("Authorization", "Bearer " + TestEnvironment.METRICS_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        List<Series> series = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "unreadable sample: " + line);
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2).replaceAll("\\\\(.)", "$1"));
                }
            }
            series.add(new Series(sample.group(1), labels));
        }
        return series;
    }
}
