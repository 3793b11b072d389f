package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.http.InvalidJsonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReconcileOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                        | false | false",
        "{}                                        | false | false",
        "{\"dryRun\":true}                         | true  | false",
        "{\"deleteMissing\":true}                  | false | true",
        "{\"dryRun\":true,\"deleteMissing\":true}  | true  | true",
        "{\"dryRun\":null}                         | false | false"})
    void bodyChoosesTheOptions(String body, boolean dryRun, boolean deleteMissing) {
        assertEquals(new ReconcileOptions(dryRun, deleteMissing), parse(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                              | users",
        "{}                                              | users",
        "{\"scope\":\"users\"}                           | users",
        "{\"scope\":\"organizations\"}                   | organizations",
        "{\"scope\":\"all\",\"dryRun\":true}             | all",
        "{\"scope\":null}                                | users"})
    void bodyChoosesTheScopeUsersByDefault(String body, String scope) {
        assertEquals(scope, parse(body).scope().key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "not json", "{\"dryRun\":\"yes\"}", "{\"deleteMissing\":1}",
            "{\"scope\":\"orgs\"}", "{\"scope\":\"Users\"}", "{\"scope\":\"\"}", "{\"scope\":1}",
            "{\"scope\":[\"users\"]}"})
    void malformedBodyIsRefused(String body) {
        assertThrows(InvalidJsonException.class, () -> parse(body));
    }

    private static ReconcileOptions parse(String body) {
        return ReconcileOptions.fromJson(body.getBytes(StandardCharsets.UTF_8));
    }
}
