package dev.clerksync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the type label of a delivery may be: a time series is kept for every distinct one; and the
 * series that alerts watch, there at 0 before anything happened.
 */
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

    @ParameterizedTest
    @ValueSource(strings = {"completed", "failed", "cancelled"})
    void everyEndOfAReconcileIsCountedAtZeroBeforeTheFirstRun(String state) {
        try (SyncMetrics metrics = new SyncMetrics()) {
            assertTrue(metrics.scrape().contains("clerk_sync_reconcile_runs_total{state=\"" + state + "\"} 0.0\n"),
                    metrics.scrape());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "organizations", "memberships"})
    void everyReconciledKindIsCountedAtZeroBeforeTheFirstRun(String kind) {
        try (SyncMetrics metrics = new SyncMetrics()) {
            assertTrue(metrics.scrape().contains("clerk_sync_reconcile_" + kind + "_total{change=\"deleted\"} 0.0\n"),
                    metrics.scrape());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed", "unavailable", "overloaded", "rejected"})
    void everyAlertedOutcomeIsCountedAtZeroBeforeTheFirstDelivery(String outcome) {
        try (SyncMetrics metrics = new SyncMetrics()) {
            String series = "clerk_sync_deliveries_total{outcome=\"" + outcome + "\",type=\"unknown\"} 0.0\n";
            assertTrue(metrics.scrape().contains(series), metrics.scrape());
        }
    }

    @Test
    void aFailedReconcileCountsOnceOnItsPreRegisteredSeries() {
        try (SyncMetrics metrics = new SyncMetrics()) {
            metrics.reconcileEnded("failed", 3, 1, 1, 1, 0);

            String scrape = metrics.scrape();
            assertTrue(scrape.contains("clerk_sync_reconcile_runs_total{state=\"failed\"} 1.0\n"), scrape);
            assertTrue(scrape.contains("clerk_sync_reconcile_runs_total{state=\"completed\"} 0.0\n"), scrape);
            assertTrue(scrape.contains("clerk_sync_reconcile_users_total{change=\"seen\"} 3.0\n"), scrape);
        }
    }
}
