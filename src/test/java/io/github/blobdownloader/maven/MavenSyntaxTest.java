package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.blobdownloader.Setting;
import org.junit.jupiter.api.Test;

class MavenSyntaxTest {

    @Test
    void settingsAreRenderedAsPomElementAndProperty() {
        assertEquals(
                "raise <timeout> (-Dblob.timeout), or <retries> (-Dblob.retries)",
                MavenSyntax.render("raise " + Setting.TIMEOUT + ", or " + Setting.RETRIES));
        assertEquals(
                "run with <updateLock>true</updateLock> (-Dblob.updateLock=true)",
                MavenSyntax.render("run with " + Setting.UPDATE_LOCK.is("true")));
        assertEquals(
                "check the <mirrors> entry; set a settings.xml <server>; <username> and <password> of the"
                        + " <proxy> in settings.xml; offline mode (-o)",
                MavenSyntax.render("check the " + Setting.MIRRORS
                        + " entry; set " + Setting.SERVER_CREDENTIALS + "; " + Setting.PROXY_CREDENTIALS + "; "
                        + Setting.OFFLINE));
    }

    @Test
    void textWithoutMarkersIsLeftAlone() {
        assertEquals("a <b> (-Dc) ⟨unknown⟩", MavenSyntax.render("a <b> (-Dc) ⟨unknown⟩"));
    }
}
