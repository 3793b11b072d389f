package dev.clerksync.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.SessionFactory;

/** Read-only queries on {@code users}, each in a short read-only session. */
public final class UserDirectory {

    private final SessionFactory sessionFactory;

    public UserDirectory(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public Optional<String> roleOf(String userId) {
        return sessionFactory.fromSession(session -> session
                .createSelectionQuery("select role from User where id = :id", String.class)
                .setParameter("id", userId)
                .uniqueResultOptional());
    }

    public Optional<UserView> find(String userId) {
        return sessionFactory.fromSession(session ->
                Optional.ofNullable(session.find(User.class, userId)).map(UserView::of));
    }

    /** Keyset paging by id: the users after {@code afterId}, optionally of one role. */
    public UserPage page(Optional<String> role, Optional<String> afterId, int limit) {
        List<UserView> users = sessionFactory.fromSession(session -> session
                .createSelectionQuery("""
                        from User
                        where (:role is null or role = :role) and (:after is null or id > :after)
                        order by id""", User.class)
                .setParameter("role", role.orElse(null))
                .setParameter("after", afterId.orElse(null))
                .setMaxResults(limit + 1)
                .getResultList()
                .stream().map(UserView::of).toList());
        boolean more = users.size() > limit;
        List<UserView> page = more ? users.subList(0, limit) : users;
        return new UserPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    public UserStats stats() {
        return sessionFactory.fromSession(session -> {
            Map<String, Long> byRole = new LinkedHashMap<>();
            long total = 0;
            for (Object[] row : session.createSelectionQuery(
                    "select role, count(*) from User group by role order by role", Object[].class).getResultList()) {
                byRole.put((String) row[0], (Long) row[1]);
                total += (Long) row[1];
            }
            long provisional = session.createSelectionQuery(
                    "select count(*) from User where provisional", Long.class).getSingleResult();
            return new UserStats(total, byRole, provisional);
        });
    }

    /** @param nextCursor the {@code after} of the next page, or null on the last page */
    public record UserPage(List<UserView> users, String nextCursor) {
    }

    public record UserStats(long total, Map<String, Long> byRole, long provisional) {
    }
}
