package dev.clerksync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A deployment without its signing secret does not start, and says which setting is missing. */
@ExtendWith(ArquillianExtension.class)
class MissingSigningSecretIT {

    private static final String SECRET = "CLERK_WEBHOOK_SIGNING_SECRET";
    private static final String NAME = "clerk-sync-no-secret";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive deployment() {
        return TestEnvironment.war(NAME + ".war");
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void deploymentWithoutTheSigningSecretFailsAndItsLogNamesTheSetting() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.clerksync");
        String configured = System.getProperty(SECRET);
        logger.addHandler(capture);
        System.clearProperty(SECRET);
        try {
            deployQuietly();
        } finally {
            System.setProperty(SECRET, configured);
            logger.removeHandler(capture);
        }

        try {
            List<String> errors = records.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogRecord::getMessage)
                    .toList();
            assertEquals(1, errors.size(), records.stream().map(LogRecord::getMessage).toList().toString());
            assertTrue(errors.get(0).contains(SECRET), errors.get(0));
            assertFalse(errors.get(0).matches("(?s).*whsec_[A-Za-z0-9+/=]{8,}.*"), errors.get(0));
            assertEquals(404, health().status(), "the context must not be serving");
        } finally {
            undeployQuietly();
        }
    }

    private Answer health() {
        // No URL is injected for a deployment that never started: the port is the container's.
        URI address = URI.create("http://localhost:" + System.getProperty("test.http.port", "18487")
                + "/" + NAME + "/health");
        return Answer.send(HttpRequest.newBuilder(address).build());
    }

    private void deployQuietly() {
        try {
            deployer.deploy(NAME);
        } catch (RuntimeException e) {
            // Some adapters report the failed start as a deployment exception; the log tells either way.
        }
    }

    private void undeployQuietly() {
        try {
            deployer.undeploy(NAME);
        } catch (RuntimeException e) {
            // it never started
        }
    }
}
