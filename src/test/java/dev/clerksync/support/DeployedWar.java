package dev.clerksync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.support.Webhooks.Answer;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged WAR deployed in an embedded Tomcat against the test PostgreSQL, as a black box:
 * tests talk to it over HTTP and look at the database directly.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedWar {

    @ArquillianResource
    protected URL base;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return TestEnvironment.war();
    }

    protected Webhooks webhooks() {
        return new Webhooks(base);
    }

    /** Posts a freshly signed delivery of {@code body}, expects 200, answers its status. */
    protected String deliver(String body) {
        Answer answer = webhooks().delivery(body).post();
        assertEquals(200, answer.status(), answer.toString());
        return answer.outcome();
    }

    protected static TestDatabase db() {
        return TestEnvironment.database();
    }
}
