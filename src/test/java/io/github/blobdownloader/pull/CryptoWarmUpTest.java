package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The warm-up's failures are ignored by {@link ColdStart}, so a warm-up that stopped working (a record it
 * cannot decrypt, a digest the JDK does not have) would only make downloads slower, without a word: these
 * tests make such a change fail instead.
 */
class CryptoWarmUpTest {

    @Test
    void everyRecordDecryptsInPlaceAndAuthenticates() {
        // Each doFinal checks the tag: a record shifted or overwritten wrongly throws AEADBadTagException.
        assertDoesNotThrow(CryptoWarmUp::aesGcmDecrypt);
    }

    @Test
    void theOtherDigestsAndSha256AreAvailable() {
        assertDoesNotThrow(CryptoWarmUp::sha256);
    }
}
