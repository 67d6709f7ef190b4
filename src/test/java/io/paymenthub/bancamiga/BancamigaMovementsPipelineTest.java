package io.paymenthub.bancamiga;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.events.PaymentEvents;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A find or history answer is read on one thread while its previous chunk is stored on another: every chunk is stored,
 * in order, and a chunk that cannot be stored stops the answer with the store's error, its earlier chunks kept.
 */
class BancamigaMovementsPipelineTest {

    private static final int CHUNK = BancamigaMovements.CHUNK;
    private Database database;
    private BancamigaMovements movements;

    @BeforeEach
    void openStore() {
        database = new Database("jdbc:h2:file:./target/test-data/pipeline-" + UUID.randomUUID(), "sa", "", 4, 5000);
        database.migrate();
        PaymentStore store = new PaymentStore(database, new PaymentEvents(), List.of(), 0, new BancamigaMovementIdentity());
        BancamigaCredits credits = new BancamigaCredits(store, new ReviewQueue(database), new BancamigaMovementIdentity(), "",
                new SimpleMeterRegistry());
        movements = new BancamigaMovements(credits, new RejectedMessages(database, 65_536), BankDirectory.venezuela());
    }

    @AfterEach
    void closeStore() {
        database.stop();
    }

    @Test
    void everyChunkOfALongAnswerIsStoredOnceInOrder() throws Exception {
        int items = 3 * CHUNK + 7;
        assertEquals(items, movements.store(() -> answer(items, null), "history"));
        assertEquals(items, count("SELECT COUNT(*) FROM payment"));
        assertEquals(items, count("SELECT COUNT(*) FROM outbox"));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, items).mapToObj(Integer::toString).toList(), refpksInIdOrder(),
                "ids follow the answer's order: the chunks were committed one after the other");

        assertEquals(0, movements.store(() -> answer(items, null), "history"), "a repeat of the answer stores nothing");
        assertEquals(items, count("SELECT COUNT(*) FROM payment"));
    }

    @Test
    void aChunkThatCannotBeStoredStopsTheAnswerWithTheStoresErrorAndEarlierChunksStay() throws Exception {
        AtomicInteger read = new AtomicInteger();
        // once the reader is into the third chunk, the second has been handed over: break the store under it
        Runnable breakStore = () -> execute("ALTER TABLE outbox RENAME TO outbox_gone");
        SQLException error = assertThrows(SQLException.class,
                () -> movements.store(() -> answer(10 * CHUNK, read, 2 * CHUNK + 1, breakStore), "history"));

        assertTrue(error.getMessage().toUpperCase().contains("OUTBOX"), error.getMessage());
        assertTrue(read.get() < 10 * CHUNK, "reading stopped at the failed chunk, not at the end: " + read.get());
        assertEquals(0, count("SELECT COUNT(*) FROM payment") % CHUNK, "whole chunks only: each is one transaction");
        assertTrue(count("SELECT COUNT(*) FROM payment") >= CHUNK, "the first chunk stays stored");
    }

    private Iterator<JsonNode> answer(int items, AtomicInteger read) {
        return answer(items, read, -1, null);
    }

    /** {@code items} history credits, Refpk 1..items; {@code atItem}: run {@code then} when that item is read. */
    private Iterator<JsonNode> answer(int items, AtomicInteger read, int atItem, Runnable then) {
        return new Iterator<>() {
            private int next = 1;

            @Override
            public boolean hasNext() {
                return next <= items;
            }

            @Override
            public JsonNode next() {
                if (next == atItem) {
                    then.run();
                }
                if (read != null) {
                    read.incrementAndGet();
                }
                ObjectNode item = JsonNodeFactory.instance.objectNode();
                int n = next++;
                item.put("ID", "M" + n);
                item.put("Refpk", Integer.toString(n));
                item.put("Amount", "1.00");
                item.put("BancoOrig", "0102");
                item.put("PhoneOrig", "584241234567");
                item.put("PhoneDest", "584141234567");
                item.put("NroReferencia", Integer.toString(n));
                item.put("FechaMovimiento", "2026-11-30");
                item.put("HoraMovimiento", "10:00:00");
                item.put("Status", "500");
                return item;
            }
        };
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> refpksInIdOrder() throws SQLException {
        List<String> refpks = new java.util.ArrayList<>();
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT external_id FROM payment ORDER BY id")) {
            while (rs.next()) {
                refpks.add(rs.getString(1));
            }
        }
        return refpks;
    }

    private void execute(String sql) {
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
