package dev.clerksync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The first statement of every transaction sets what the product needs, for that transaction only. */
class TransactionStartTest {

    private static final Pattern SET_CONFIG = Pattern.compile("set_config\\('([a-z_]+)', '([^']*)', (true|false)\\)");

    private final TransactionStart start = new TransactionStart("clerk", 2_000, 10_000);

    @ParameterizedTest
    @EnumSource(PlanMode.class)
    void everySettingIsTransactionLocal(PlanMode mode) {
        String sql = start.statement(mode).sql();
        Matcher settings = SET_CONFIG.matcher(sql);
        int count = 0;
        while (settings.find()) {
            assertEquals("true", settings.group(3), settings.group(1) + " is set for the session");
            count++;
        }

        assertTrue(count >= 4, sql);
        assertTrue(sql.startsWith("select "), sql);
    }

    @Test
    void setsTheSchemaAndTheTimeouts() {
        String sql = start.statement(PlanMode.CUSTOM).sql();

        assertTrue(sql.contains("set_config('search_path', 'clerk', true)"), sql);
        assertTrue(sql.contains("set_config('lock_timeout', '2000ms', true)"), sql);
        assertTrue(sql.contains("set_config('statement_timeout', '10000ms', true)"), sql);
        assertTrue(sql.contains("set_config('plan_cache_mode', 'force_custom_plan', true)"), sql);
    }

    @Test
    void aSchemaThatIsNoPlainIdentifierIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TransactionStart("x', 'y", 2_000, 10_000));
    }
}
