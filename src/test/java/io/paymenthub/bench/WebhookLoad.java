package io.paymenthub.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark load for bench/run.sh: POST /webhooks/bancamiga at a fixed offered rate with a new Refpk each
 * time, latency measured from the moment each request was due (so a slow server cannot hide its queue).
 * With a topic, also times each payment from its POST to a consumer reading its event.
 *
 * The first {@link #WARM_UP_SECONDS} seconds run at the same rate but are not counted: a cold client (class
 * loading, JIT, opening its connections) would otherwise be charged to the server.
 * <pre>WebhookLoad url token rps seconds [brokers topic]</pre>
 * Prints one line: {@code RESULT offered=.. achieved=.. p50=.. p99=.. errors=.. [e2e_p50=.. e2e_p99=.. e2e_missing=..]}
 */
public final class WebhookLoad {

    static final int WARM_UP_SECONDS = 3;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        int rps = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String brokers = args.length > 5 ? args[4] : null;
        String topic = args.length > 5 ? args[5] : null;
        int total = rps * seconds;
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L);

        Map<String, Long> dueAt = new ConcurrentHashMap<>();
        Map<String, Long> readAt = new ConcurrentHashMap<>();
        Thread consumer = null;
        CountDownLatch consumerReady = new CountDownLatch(1);
        if (topic != null) {
            consumer = new Thread(() -> consume(brokers, topic, readAt, consumerReady, dueAt, total), "bench-consumer");
            consumer.setDaemon(true);
            consumer.start();
            consumerReady.await();
        } else {
            consumerReady.countDown();
        }

        // Vert.x's client (on the classpath already): the JDK HttpClient could not hold 500 requests/s on
        // HTTP/1.1 without queueing on its own side, which would be charged to the server
        URI target = URI.create(url);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setKeepAlive(true).setMaxPoolSize(128).setConnectTimeout(5000));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        long[] worstPerSecond = new long[seconds];
        AtomicInteger errors = new AtomicInteger();
        int warmUp = rps * WARM_UP_SECONDS;
        CountDownLatch done = new CountDownLatch(total + warmUp);
        long interval = 1_000_000_000L / rps;
        long start = System.nanoTime() + warmUp * interval;
        for (int i = -warmUp; i < total; i++) {
            long due = start + i * interval;
            boolean counted = i >= 0;
            int second = counted ? (int) (i / rps) : 0;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // the run is part of the reference too: a reference repeated with the same date, payer and amount is the
            // same bank movement (one payment, docs/contract.md: Intake policy, "One movement, one payment"), not a new one
            String reference = run + String.format("%012d", i + warmUp);
            String refpk = reference;
            if (counted) {
                dueAt.put("bancamiga:" + refpk, due);
            }
            String body = "{\"BancoOrig\":\"0172\",\"FechaMovimiento\":\"2025-05-08\",\"HoraMovimiento\":\"16:02:49\","
                    + "\"NroReferencia\":\"" + reference + "\",\"PhoneOrig\":\"584240000000\",\"PhoneDest\":\"584140000001\","
                    + "\"Status\":\"000\",\"Descripcion\":\"pago\",\"Amount\":\"5.64\",\"Refpk\":\"" + refpk + "\"}";
            http.request(new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
                            .setHost(target.getHost()).setPort(target.getPort()).setURI(target.getPath())
                            .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token))
                    .compose(request -> request.send(body))
                    .onComplete(result -> {
                        if (!counted) {
                            // warm-up: not counted
                        } else if (result.failed() || result.result().statusCode() != 200) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + (result.failed() ? result.cause() : "HTTP " + result.result().statusCode()));
                            }
                        } else {
                            long latency = System.nanoTime() - due;
                            latencies.add(latency);
                            synchronized (worstPerSecond) {
                                worstPerSecond[second] = Math.max(worstPerSecond[second], latency);
                            }
                        }
                        done.countDown();
                    });
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        StringBuilder worst = new StringBuilder("worst latency per second (ms):");
        for (long w : worstPerSecond) {
            worst.append(' ').append(w / 1_000_000);
        }
        System.err.println(worst);
        StringBuilder line = new StringBuilder(String.format("RESULT offered=%d achieved=%.0f p50=%.2f p99=%.2f errors=%d",
                rps, total / elapsed, percentile(latencies, 50), percentile(latencies, 99), errors.get()));
        if (consumer != null) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!readAt.keySet().containsAll(dueAt.keySet()) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            List<Long> e2e = new ArrayList<>();
            dueAt.forEach((id, due) -> {
                Long read = readAt.get(id);
                if (read != null) {
                    e2e.add(read - due);
                }
            });
            line.append(String.format(" e2e_p50=%.2f e2e_p99=%.2f e2e_missing=%d",
                    percentile(e2e, 50), percentile(e2e, 99), total - e2e.size()));
        }
        System.out.println(line);
        System.exit(0);
    }

    /** Reads until every counted payment (those in {@code dueAt}, warm-up excluded) has been seen. */
    private static void consume(String brokers, String topic, Map<String, Long> readAt, CountDownLatch ready,
                                Map<String, Long> dueAt, int total) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (dueAt.size() < total || !readAt.keySet().containsAll(dueAt.keySet())) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    readAt.putIfAbsent(r.key(), System.nanoTime());
                }
            }
        }
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
