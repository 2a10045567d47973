package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TagsMojoTest {

    @Test
    void hintsNameTheGoalsThatTakeATag() {
        assertEquals(
                "no tag of r/a is a release version (tags: x); give a listed tag to download or inspect as"
                        + " <tag> (-Dblob.tag), or use <tagStrategy>newest</tagStrategy> (-Dblob.tagStrategy=newest)",
                MavenSyntax.render(TagsMojo.forListing(
                        "no tag of r/a is a release version (tags: x); set ⟨tag⟩," + " or use ⟨tagStrategy=newest⟩")));
        assertEquals(
                "repository r/a has no tags",
                TagsMojo.forListing("repository r/a has no tags; set ⟨tag⟩ or a digest in ⟨image⟩"));
        assertEquals(
                "the tag list of r/a is not valid JSON",
                TagsMojo.forListing("the tag list of r/a is not"
                        + " valid JSON; set ⟨tag⟩ or a digest in ⟨image⟩, so that no tag listing is needed"));
    }
}
