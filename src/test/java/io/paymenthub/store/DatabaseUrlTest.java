package io.paymenthub.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import io.paymenthub.settings.InvalidSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** However db.url spells an H2 database, every commit reaches the file before the runner acknowledges it. */
class DatabaseUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:/var/lib/payment-hub/db | jdbc:h2:file:/var/lib/payment-hub/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:/var/lib/payment-hub/db | jdbc:h2:/var/lib/payment-hub/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:./data/x | jdbc:h2:./data/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:~/payments | jdbc:h2:~/payments;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "JDBC:H2:FILE:./data/x | JDBC:H2:FILE:./data/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:file:./data/x;AUTO_SERVER=TRUE | jdbc:h2:file:./data/x;AUTO_SERVER=TRUE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:file:./data/x;MODE=PostgreSQL; | jdbc:h2:file:./data/x;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:file:./data/x;write_delay=0 | jdbc:h2:file:./data/x;write_delay=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0 | jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
            "jdbc:h2:file:./data/x; Write_Delay = 0 ;db_close_on_exit=true | jdbc:h2:file:./data/x;Write_Delay = 0;db_close_on_exit=true",
            "jdbc:h2:tcp://db.internal/payments | jdbc:h2:tcp://db.internal/payments",
            "  jdbc:h2:file:./data/x   | jdbc:h2:file:./data/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "jdbc:postgresql://db.internal:5432/payments?currentSchema=payment_hub | jdbc:postgresql://db.internal:5432/payments?currentSchema=payment_hub",
    })
    void everyH2UrlIsOpenedWithEachCommitWrittenBeforeItReturns(String url, String opened) {
        assertEquals(opened, Database.durableUrl(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:file:./data/x;WRITE_DELAY=500",
            "jdbc:h2:./data/x;write_delay=1",
            "jdbc:h2:file:./data/x;WRITE_DELAY=",
            "jdbc:h2:mem:payments",
            "JDBC:H2:MEM:",
            "jdbc:h2:tcp://localhost/mem:payments",
            "jdbc:h2:tcp://localhost/payments;WRITE_DELAY=200",
            "postgresql://db/payments",
    })
    void aUrlThatWouldLoseAcknowledgedPaymentsIsRefusedWithOneLineSayingWhy(String url) {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> Database.durableUrl(url));
        assertTrue(refused.getMessage().startsWith("Invalid setting db.url="), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
        assertTrue(refused.getMessage().contains("expected"), refused.getMessage());
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() {
        InvalidSetting refused = assertThrows(InvalidSetting.class,
                () -> Database.durableUrl("jdbc:h2:file:./x;PASSWORD=hunter2;WRITE_DELAY=100"));
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
        assertEquals("jdbc:postgresql://db/p?user=a&password=xxxxxx&ssl=true",
                Database.describe("jdbc:postgresql://db/p?user=a&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://xxxxxx@db/p", Database.describe("jdbc:postgresql://a:s3cret@db/p"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/x;WRITE_DELAY=0 | jdbc:h2:file:./data/x;WRITE_DELAY=0;CACHE_SIZE=4096",
            "jdbc:h2:file:./data/x;AUTO_SERVER=TRUE | jdbc:h2:file:./data/x;AUTO_SERVER=TRUE;CACHE_SIZE=4096",
            "jdbc:h2:file:./data/x;cache_size=65536 | jdbc:h2:file:./data/x;cache_size=65536",
            "jdbc:h2:tcp://db.internal/payments | jdbc:h2:tcp://db.internal/payments",
            "jdbc:postgresql://db.internal:5432/payments | jdbc:postgresql://db.internal:5432/payments",
    })
    void anEmbeddedH2FileGetsAFourMebibytePageCacheUnlessItsUrlSetsOne(String url, String opened) {
        assertEquals(opened, Database.withPageCache(url));
    }

    @Test
    void aPlainFileUrlOpensTheDatabaseWithAFourMebibytePageCache() throws Exception {
        assertEquals("4", openedWith("info.CACHE_MAX_SIZE"), "MiB");
    }

    @Test
    void aPlainFileUrlOpensTheDatabaseWithWriteDelayZero() throws Exception {
        assertEquals("0", openedWith("WRITE_DELAY"));
    }

    /** The value of an H2 setting in a database opened from a plain file URL, as H2 reports it. */
    private static String openedWith(String setting) throws Exception {
        Database database = new Database("jdbc:h2:file:./target/test-data/plain-" + UUID.randomUUID(), "sa", "", 2, 5000);
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '"
                     + setting + "'")) {
            assertTrue(rs.next(), setting);
            return rs.getString(1);
        } finally {
            database.stop();
        }
    }
}
