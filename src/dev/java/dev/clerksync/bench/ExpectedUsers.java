package dev.clerksync.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state the sender expects the server to hold after a round: per user, the state of its latest
 * event that was answered 2xx (a 2xx duplicate changes nothing; a deleted user must be absent, as
 * must one that never got a 2xx). A user with a failed delivery is "uncertain": the server may or
 * may not have applied it, so the check reports it but does not count it as a mismatch.
 * Since the later event (by sequence, which follows Clerk's {@code updated_at}) wins whatever the
 * order of the answers, this is also the model of the fault suite, where every event ends 2xx.
 */
public final class ExpectedUsers {

    /** One user's expectation; {@code state} is null when no event of the user was acknowledged. */
    public static final class Expectation {
        final String userId;
        private int sequence = -1;
        UserState state;
        int failures;

        private Expectation(String userId) {
            this.userId = userId;
        }

        public String userId() {
            return userId;
        }

        /** The state of the user's latest acknowledged event; null when none was. */
        public UserState state() {
            return state;
        }

        public boolean present() {
            return state != null && !state.deleted();
        }

        boolean uncertain() {
            return failures > 0;
        }
    }

    private final Map<String, Expectation> byUser = new LinkedHashMap<>();

    /** Replays what each client sent ({@code statuses} holds one answer per sent delivery, in order). */
    static ExpectedUsers of(MixedPlan plan, List<short[]> statuses) {
        ExpectedUsers expected = new ExpectedUsers();
        for (int client = 0; client < plan.perClient.size(); client++) {
            List<PlannedDelivery> deliveries = plan.perClient.get(client);
            short[] answers = statuses.get(client);
            for (int i = 0; i < answers.length; i++) {
                expected.record(deliveries.get(i), answers[i]);
            }
        }
        return expected;
    }

    /** Every one of {@code deliveries} acknowledged (2xx), in any order. */
    public static ExpectedUsers ofAcknowledged(Iterable<PlannedDelivery> deliveries) {
        ExpectedUsers expected = new ExpectedUsers();
        for (PlannedDelivery delivery : deliveries) {
            expected.record(delivery, 200);
        }
        return expected;
    }

    private void record(PlannedDelivery delivery, int status) {
        Expectation user = byUser.computeIfAbsent(delivery.userId(), Expectation::new);
        if (!RoundResult.isSuccess(status)) {
            user.failures++;
        } else if (delivery.sequence() > user.sequence) {
            user.sequence = delivery.sequence();
            user.state = delivery.state();
        }
    }

    public Collection<Expectation> all() {
        return byUser.values();
    }
}
