package dev.clerksync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the type label of a delivery may be: a time series is kept for every distinct one. */
class SyncMetricsTest {

    @ParameterizedTest
    @ValueSource(strings = {"user.created", "user.deleted", "session.created", "organization_membership.updated",
            "organizationMembership.updated", "organization.deleted", "unknown"})
    void clerkShapedTypeIsItsOwnLabel(String type) {
        assertEquals(type, SyncMetrics.typeLabel(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user", "User.Created", "user.created\nSEVERE", "a.b.c.d", "user.created "})
    void anyOtherTypeSharesOneLabel(String type) {
        assertEquals("other", SyncMetrics.typeLabel(type));
    }

    @Test
    void aTypeOfAThousandLettersSharesOneLabel() {
        assertEquals("other", SyncMetrics.typeLabel("a".repeat(500) + "." + "b".repeat(500)));
    }
}
