package dev.clerksync.metrics;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What operators import from {@code docs/monitoring}: the alert rules and the Grafana dashboard,
 * read for their queries. The rules are read line by line, for the shape promtool checks (one
 * {@code - alert:} item per rule, {@code expr} inline or as a {@code |} block, scalar labels and
 * annotations); {@code MonitoringFilesIT} compares the count with the one promtool finds.
 */
final class MonitoringFiles {

    static final Path DIRECTORY = Path.of("docs/monitoring");
    static final Path ALERTS = DIRECTORY.resolve("clerk-sync-alerts.yml");
    static final Path ALERT_TESTS = DIRECTORY.resolve("clerk-sync-alerts.test.yml");
    static final Path DASHBOARD = DIRECTORY.resolve("clerk-sync-dashboard.json");
    static final Path OPERATIONS = Path.of("docs/operations.md");

    private static final Pattern RULE = Pattern.compile("^(\\s*)- (alert|record):\\s*(\\S+)\\s*$");
    private static final Pattern KEY = Pattern.compile("^(\\s*)([a-z_]+):\\s*(.*)$");

    private MonitoringFiles() {
    }

    /** One alerting or recording rule: its name, its PromQL, its labels and annotations. */
    record Rule(String name, String expr, Map<String, String> labels, Map<String, String> annotations) {
    }

    /** A query of the dashboard, with where it is, for messages. */
    record Query(String where, String expr) {
    }

    static List<Rule> alertRules() {
        List<Rule> rules = new ArrayList<>();
        List<String> lines = lines(ALERTS);
        int i = 0;
        while (i < lines.size()) {
            Matcher rule = RULE.matcher(lines.get(i));
            if (!rule.matches()) {
                i++;
                continue;
            }
            int itemIndent = rule.group(1).length();
            String expr = null;
            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            String section = null;
            int sectionIndent = -1;
            i++;
            while (i < lines.size()) {
                String line = lines.get(i);
                if (line.isBlank() || line.strip().startsWith("#")) {
                    i++;
                    continue;
                }
                Matcher key = KEY.matcher(line);
                if (!key.matches() || key.group(1).length() <= itemIndent) {
                    break;
                }
                int indent = key.group(1).length();
                String value = key.group(3).strip();
                i++;
                if (value.startsWith("|") || value.startsWith(">")) {
                    StringBuilder block = new StringBuilder();
                    while (i < lines.size() && (lines.get(i).isBlank() || indentOf(lines.get(i)) > indent)) {
                        block.append(lines.get(i).strip()).append('\n');
                        i++;
                    }
                    value = block.toString().strip();
                }
                if (section != null && indent > sectionIndent) {
                    sections.get(section).put(key.group(2), unquote(value));
                } else if (value.isEmpty()) {
                    section = key.group(2);
                    sectionIndent = indent;
                    sections.put(section, new LinkedHashMap<>());
                } else {
                    section = null;
                    if (key.group(2).equals("expr")) {
                        expr = unquote(value);
                    }
                }
            }
            if (expr == null) {
                throw new IllegalStateException("rule " + rule.group(3) + " without expr in " + ALERTS);
            }
            rules.add(new Rule(rule.group(3), expr, sections.getOrDefault("labels", Map.of()),
                    sections.getOrDefault("annotations", Map.of())));
        }
        return rules;
    }

    static JsonObject dashboard() {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD))) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel target's {@code expr}, panels inside collapsed rows included. */
    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        addTargets(dashboard().getJsonArray("panels"), queries);
        return queries;
    }

    /** The query of every variable of the dashboard ({@code label_values(…)}). */
    static List<Query> dashboardVariables() {
        List<Query> queries = new ArrayList<>();
        for (JsonValue variable : dashboard().getJsonObject("templating").getJsonArray("list")) {
            JsonObject v = variable.asJsonObject();
            if ("query".equals(v.getString("type"))) {
                JsonValue query = v.get("query");
                String text = query.getValueType() == JsonValue.ValueType.OBJECT
                        ? query.asJsonObject().getString("query") : ((JsonString) query).getString();
                queries.add(new Query("variable " + v.getString("name"), text));
            }
        }
        return queries;
    }

    private static void addTargets(List<JsonValue> panels, List<Query> queries) {
        for (JsonValue value : panels) {
            JsonObject panel = value.asJsonObject();
            if (panel.containsKey("panels")) {
                addTargets(panel.getJsonArray("panels"), queries);
            }
            for (JsonValue target : panel.getJsonArray("targets") == null ? List.<JsonValue>of()
                    : panel.getJsonArray("targets")) {
                queries.add(new Query("panel \"" + panel.getString("title") + "\" "
                        + target.asJsonObject().getString("refId"), target.asJsonObject().getString("expr")));
            }
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        return value;
    }
}
