package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.SignedDelivery;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Posts one round through {@link LoadClient} in a JVM of its own, one thread per client, one request
 * at a time each (a closed loop). Bodies and signatures are made before the clock starts, so the
 * client's own work stays out of the figures; the clock and the CPU counters run from its go to its
 * done, and this JVM is then the server alone.
 */
final class LoadRunner {

    /** One client's deliveries, in the order it sends them. */
    @FunctionalInterface
    interface DeliveryPlan {
        List<SignedDelivery> deliveries(int client) throws Exception;
    }

    private final URI endpoint;
    private final int clients;
    private final Path work;
    private final PostgresCpu postgres;

    LoadRunner(URI endpoint, int clients, Path work, PostgresCpu postgres) {
        this.endpoint = endpoint;
        this.clients = clients;
        this.work = work;
        this.postgres = postgres;
    }

    /** All of each client's deliveries. */
    RoundResult post(DeliveryPlan plan) throws Exception {
        return post(plan, 0);
    }

    /** With {@code seconds} above 0, each client stops once that long has passed, sent or not. */
    RoundResult post(DeliveryPlan plan, double seconds) throws Exception {
        Path requests = work.resolve("requests.bin");
        Path results = work.resolve("results.bin");
        writeRequests(plan, requests);
        Files.deleteIfExists(results);
        Process client = new ProcessBuilder(command(requests, results, seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(client.getInputStream(),
                     StandardCharsets.US_ASCII));
             Writer go = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            expectLine(said, "ready", client);
            CpuUse cpu = CpuUse.start(postgres);
            go.write("go\n");
            go.flush();
            expectLine(said, "done", client);
            CpuUse.Spent spent = cpu.stop();
            if (client.waitFor() != 0) {
                throw new IllegalStateException("the load client exited with " + client.exitValue());
            }
            return RoundResult.read(results, spent);
        } finally {
            client.destroy();
        }
    }

    private void writeRequests(DeliveryPlan plan, Path requests) throws Exception {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(requests)))) {
            out.writeInt(clients);
            for (int client = 0; client < clients; client++) {
                List<SignedDelivery> deliveries = plan.deliveries(client);
                out.writeInt(deliveries.size());
                for (SignedDelivery delivery : deliveries) {
                    byte[] request = delivery.request(endpoint);
                    out.writeInt(request.length);
                    out.write(request);
                }
            }
        }
    }

    /** A lean client JVM: small heap, serial GC, C1 only; it starts fast and stays out of the server's way. */
    private List<String> command(Path requests, Path results, double seconds) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LoadClient.class.getName(),
                endpoint.getHost(), Integer.toString(endpoint.getPort()),
                requests.toAbsolutePath().toString(), results.toAbsolutePath().toString(), Double.toString(seconds));
    }

    private static void expectLine(BufferedReader said, String expected, Process client) throws IOException {
        String line = said.readLine();
        if (!expected.equals(line)) {
            client.destroy();
            throw new IllegalStateException("the load client said " + line + " instead of " + expected);
        }
    }
}
