package dev.clerksync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.metrics.MonitoringFiles.Rule;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on in {@code docs/monitoring} without running anything: every alert has
 * a severity and says what it means and where its runbook is, each is tested both ways, and the
 * dashboard asks for its Prometheus on import. Whether the queries find the WAR's metrics is
 * {@code MonitoringFilesIT}'s part.
 */
class MonitoringFilesTest {

    private static final Set<String> SEVERITIES = Set.of("warning", "critical");
    private static final Pattern ALERT_TEST = Pattern.compile("^\\s*alertname:\\s*(\\S+)\\s*$");
    private static final Pattern EXPECTED = Pattern.compile("^\\s*exp_alerts:\\s*(\\[\\s*\\])?\\s*$");
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndARunbook() {
        List<Rule> rules = MonitoringFiles.alertRules();

        assertFalse(rules.isEmpty());
        for (Rule rule : rules) {
            String severity = rule.labels().getOrDefault("severity", "");
            assertTrue(SEVERITIES.contains(severity), rule.name() + ": " + rule.labels());
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertFalse(rule.annotations().getOrDefault(annotation, "").isBlank(), rule.name() + ": " + annotation);
            }
        }
    }

    @Test
    void everyRunbookIsTheAlertsOwnSectionOfOperations() {
        Set<String> anchors = new HashSet<>();
        for (String line : MonitoringFiles.lines(MonitoringFiles.OPERATIONS)) {
            if (line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
            }
        }
        for (Rule rule : MonitoringFiles.alertRules()) {
            String anchor = rule.name().toLowerCase(Locale.ROOT);
            assertEquals("docs/operations.md#" + anchor, rule.annotations().get("runbook"), rule.name());
            assertTrue(anchors.contains(anchor), "no section " + rule.name() + " in docs/operations.md");
        }
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Map<String, Set<String>> cases = new HashMap<>();
        List<String> lines = MonitoringFiles.lines(MonitoringFiles.ALERT_TESTS);
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher alert = ALERT_TEST.matcher(lines.get(i));
            Matcher expected = EXPECTED.matcher(lines.get(i + 1));
            if (alert.matches() && expected.matches()) {
                cases.computeIfAbsent(alert.group(1), name -> new HashSet<>())
                        .add(expected.group(1) == null ? "fires" : "quiet");
            }
        }
        for (Rule rule : MonitoringFiles.alertRules()) {
            assertEquals(Set.of("fires", "quiet"), cases.getOrDefault(rule.name(), Set.of()), rule.name());
        }
    }

    @Test
    void theDashboardAsksForItsPrometheusOnImportAndEveryQueryUsesIt() {
        JsonObject dashboard = MonitoringFiles.dashboard();
        JsonObject input = dashboard.getJsonArray("__inputs").getJsonObject(0);

        assertEquals("DS_PROMETHEUS", input.getString("name"));
        assertEquals("prometheus", input.getString("pluginId"));
        int targets = 0;
        for (JsonValue value : dashboard.getJsonArray("panels")) {
            JsonObject panel = value.asJsonObject();
            if (!"row".equals(panel.getString("type"))) {
                assertEquals(DATASOURCE, panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
                for (JsonValue target : panel.getJsonArray("targets")) {
                    assertEquals(DATASOURCE, target.asJsonObject().getJsonObject("datasource").getString("uid"));
                    targets++;
                }
            }
        }
        assertEquals(MonitoringFiles.dashboardQueries().size(), targets);
        assertTrue(targets > 0);
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    private static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
