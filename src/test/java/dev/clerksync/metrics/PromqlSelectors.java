package dev.clerksync.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression ({@code name{label="value"}}), read closely enough to
 * check them against a scrape: string literals, ranges ({@code [5m]}), numbers and durations,
 * Grafana's variables ({@code $job}, {@code ${x}}), functions and aggregations ({@code sum by (…) (…)}
 * too), and the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring} and
 * {@code group_left/right} are not names of metrics. A selector without a name
 * ({@code {__name__=~"…"}}) is refused, not guessed at.
 */
final class PromqlSelectors {

    private static final Set<String> GROUPINGS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Pattern GROUPING_NEXT = Pattern.compile("\\s*(by|without)\\s*\\(.*", Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\((.+),\\s*[a-zA-Z_]\\w*\\s*\\)", Pattern.DOTALL);
    private static final Pattern MATCHER =
            Pattern.compile("\\s*([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private PromqlSelectors() {
    }

    /** One label matcher; a value holding a Grafana variable matches anything. */
    record LabelMatcher(String label, String op, String value) {

        boolean matches(Map<String, String> labels) {
            if (value.contains("$")) {
                return true;
            }
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                case "!~" -> !actual.matches(value);
                default -> throw new IllegalArgumentException(op);
            };
        }
    }

    /** A metric name with its matchers, as written. */
    record Selector(String metric, List<LabelMatcher> matchers) {

        /** Whether this selector picks the series {@code name} with {@code labels}. */
        boolean selects(String name, Map<String, String> labels) {
            return metric.equals(name) && matchers.stream().allMatch(m -> m.matches(labels));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(metric);
            if (!matchers.isEmpty()) {
                text.append('{');
                for (LabelMatcher m : matchers) {
                    text.append(text.charAt(text.length() - 1) == '{' ? "" : ",")
                            .append(m.label()).append(m.op()).append('"').append(m.value()).append('"');
                }
                text.append('}');
            }
            return text.toString();
        }
    }

    /** The selectors of a Grafana variable's query: the series of {@code label_values(series, label)}. */
    static List<Selector> ofVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query.strip());
        if (labelValues.matches()) {
            return of(labelValues.group(1));
        }
        if (query.strip().matches("label_values\\(\\s*[a-zA-Z_]\\w*\\s*\\)")) {
            return List.of();
        }
        throw new IllegalArgumentException("not a label_values query: " + query);
    }

    static List<Selector> of(String expr) {
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name in " + expr);
            } else if (c == '$') {
                i = endOfVariable(expr, i);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                // Numbers, exponents and durations: 0.99, 1e3, 5m, 1h30m.
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                boolean groupedAggregation = AGGREGATIONS.contains(word)
                        && GROUPING_NEXT.matcher(expr.substring(i)).matches();
                if (call && GROUPINGS.contains(word)) {
                    i = expr.indexOf(')', next) + 1;
                } else if (!call && !groupedAggregation && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    List<LabelMatcher> matchers = List.of();
                    if (next < n && expr.charAt(next) == '{') {
                        int close = endOfMatchers(expr, next);
                        matchers = matchers(expr.substring(next + 1, close));
                        i = close + 1;
                    }
                    selectors.add(new Selector(word, matchers));
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static List<LabelMatcher> matchers(String block) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher m = MATCHER.matcher(block);
        int at = 0;
        while (at < block.length() && !block.substring(at).isBlank()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unreadable label matchers: {" + block + "}");
            }
            matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3).replaceAll("\\\\(.)", "$1")));
            at = m.end();
        }
        return matchers;
    }

    private static int endOfString(String expr, int open) {
        char quote = expr.charAt(open);
        int i = open + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int endOfMatchers(String expr, int open) {
        int i = open + 1;
        while (i < expr.length() && expr.charAt(i) != '}') {
            i = expr.charAt(i) == '"' ? endOfString(expr, i) : i + 1;
        }
        if (i >= expr.length()) {
            throw new IllegalArgumentException("unclosed label matchers in " + expr);
        }
        return i;
    }

    private static int endOfVariable(String expr, int dollar) {
        if (dollar + 1 < expr.length() && expr.charAt(dollar + 1) == '{') {
            return expr.indexOf('}', dollar) + 1;
        }
        int i = dollar + 1;
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String expr, int from) {
        int i = from;
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }
}
