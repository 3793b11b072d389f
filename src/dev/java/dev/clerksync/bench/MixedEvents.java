package dev.clerksync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sender's stream of Clerk user events, mixed as an app's traffic is: 60 % {@code user.created},
 * 35 % {@code user.updated}, 5 % {@code user.deleted}. Each sender owns its users, and sends one
 * delivery at a time, so a user never has two deliveries in flight and the state the server should
 * end with is known. Updates favour recently touched users (half of them go to one of the last 8),
 * as sign-up then profile edits do. The fault suite asks for another mix: few users, many changes each.
 */
public final class MixedEvents {

    public static final String CREATED = "user.created";
    public static final String UPDATED = "user.updated";
    public static final String DELETED = "user.deleted";
    private static final int CREATED_PERCENT = 60;
    private static final int UPDATED_PERCENT = 35;
    private static final String USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private final SplittableRandom random;
    private final String instanceId;
    private final int createdPercent;
    private final int updatedPercent;
    private final List<SimulatedUser> live = new ArrayList<>();
    private final SimulatedUser[] recent = new SimulatedUser[8];
    private int recentPosition;

    MixedEvents(SplittableRandom random, String instanceId) {
        this(random, instanceId, CREATED_PERCENT, UPDATED_PERCENT);
    }

    /** Another mix: {@code createdPercent} % created, {@code updatedPercent} % updated, the rest deleted. */
    public MixedEvents(SplittableRandom random, String instanceId, int createdPercent, int updatedPercent) {
        if (createdPercent < 0 || updatedPercent < 0 || createdPercent + updatedPercent > 100) {
            throw new IllegalArgumentException("created " + createdPercent + " % + updated " + updatedPercent
                    + " % must stay within 100 %");
        }
        this.random = random;
        this.instanceId = instanceId;
        this.createdPercent = createdPercent;
        this.updatedPercent = updatedPercent;
    }

    /** The next event, with a fresh svix-id. */
    public PlannedDelivery next() {
        long now = System.currentTimeMillis();
        String type = drawType();
        SimulatedUser user;
        long timestamp = now;
        switch (type) {
            case CREATED -> {
                user = new SimulatedUser(random, now);
                user.liveIndex = live.size();
                live.add(user);
                touch(user);
            }
            case UPDATED -> {
                user = pickForUpdate();
                user.change(now);
                touch(user);
            }
            default -> {
                user = live.get(random.nextInt(live.size()));
                forget(user);
                // Clerk deletes a user after its last change, so its deletion time is the latest.
                timestamp = Math.max(now, user.updatedAt() + 1);
            }
        }
        return new PlannedDelivery("msg_2" + SimulatedUser.Text.base62(random, 26), type,
                envelope(user, type, timestamp), user.id, user.nextSequence(), user.state(), false);
    }

    private String drawType() {
        int draw = random.nextInt(100);
        if (draw < createdPercent || live.isEmpty()) {
            return CREATED;
        }
        return draw < createdPercent + updatedPercent ? UPDATED : DELETED;
    }

    private SimulatedUser pickForUpdate() {
        if (random.nextInt(2) == 0) {
            SimulatedUser candidate = recent[random.nextInt(recent.length)];
            if (candidate != null && !candidate.deleted) {
                return candidate;
            }
        }
        return live.get(random.nextInt(live.size()));
    }

    private void touch(SimulatedUser user) {
        recent[recentPosition++ % recent.length] = user;
    }

    /** Takes a deleted user out of the live list in O(1): the last one moves into its place. */
    private void forget(SimulatedUser user) {
        SimulatedUser last = live.remove(live.size() - 1);
        if (last != user) {
            live.set(user.liveIndex, last);
            last.liveIndex = user.liveIndex;
        }
        user.liveIndex = -1;
        user.deleted = true;
    }

    /** The Clerk event envelope; {@code user.deleted} carries only the id, and its time is the envelope's. */
    private String envelope(SimulatedUser user, String type, long timestamp) {
        StringBuilder json = new StringBuilder(2600).append("{\"data\":");
        if (user.deleted) {
            json.append("{\"deleted\":true,\"id\":").append(SimulatedUser.Text.quote(user.id))
                .append(",\"object\":\"user\"}");
        } else {
            user.appendJson(json);
        }
        json.append(",\"event_attributes\":{\"http_request\":{\"client_ip\":\"203.0.113.").append(1 + random.nextInt(250))
            .append("\",\"user_agent\":\"").append(USER_AGENT).append("\"}}")
            .append(",\"instance_id\":").append(SimulatedUser.Text.quote(instanceId))
            .append(",\"object\":\"event\",\"timestamp\":").append(timestamp)
            .append(",\"type\":\"").append(type).append("\"}");
        return json.toString();
    }
}
