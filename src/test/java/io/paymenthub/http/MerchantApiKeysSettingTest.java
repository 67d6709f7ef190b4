package io.paymenthub.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How api.keys is read: ids by label or position, and entries refused without repeating the key. */
class MerchantApiKeysSettingTest {

    @Test
    void entriesAreNamedByTheirLabelOrTheirPosition() {
        MerchantApiKeys keys = new MerchantApiKeys(" backoffice:k-1 , k-2,, shop.v2:k-3 ");

        assertEquals(List.of("backoffice", "key-2", "shop.v2"), keys.ids());
    }

    @Test
    void anEmptySettingAcceptsNoKey() {
        assertEquals(0, new MerchantApiKeys("").count());
        assertEquals(0, new MerchantApiKeys(null).count());
    }

    @Test
    void aBadLabelAnEmptyKeyOrARepeatedIdIsRefusedWithoutShowingTheKey() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> new MerchantApiKeys("a good one:secret-value-1"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new MerchantApiKeys("shop:"));
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> new MerchantApiKeys("shop:secret-value-2,shop:secret-value-3"));

        assertFalse(label.getMessage().contains("secret-value"), label.getMessage());
        assertEquals("api.keys entry 1 (shop) has an empty key", empty.getMessage());
        assertFalse(repeated.getMessage().contains("secret-value"), repeated.getMessage());
    }
}
