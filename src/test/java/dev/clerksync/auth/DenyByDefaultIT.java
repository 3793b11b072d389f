package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deny by default: the WAR with one more servlet under {@code /api/} that no access rule names, as
 * a new endpoint would be before anyone wrote its rule. It is never open and never a 500.
 */
@ExtendWith(ArquillianExtension.class)
class DenyByDefaultIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestEnvironment.war("clerk-sync-deny.war").addClass(UnlistedServlet.class);
    }

    /** An endpoint somebody added without an access rule: it would answer anyone 200. */
    @WebServlet("/api/unlisted")
    public static final class UnlistedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("open to anyone");
        }
    }

    @Test
    void pathNoRuleNamesIs401WithoutAToken() {
        Answer answer = get(null);

        assertEquals(401, answer.status(), answer.toString());
        assertFalse(answer.body().contains("open to anyone"));
    }

    @Test
    void pathNoRuleNamesIs403EvenForAnAdministrator() {
        String admin = ClerkEvents.newUserId();
        Answer synced = new Webhooks(base).delivery(ClerkEvents.userCreated(admin).role("admin").updatedAt(1_000).json())
                .post();
        assertEquals(200, synced.status(), synced.toString());

        Answer answer = get(SessionTokens.forUser(admin).sign());

        assertEquals(403, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertFalse(answer.body().contains("open to anyone"));
    }

    private Answer get(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/unlisted"))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Answer.send(request.build());
    }
}
