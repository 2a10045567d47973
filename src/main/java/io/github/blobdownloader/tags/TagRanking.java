package io.github.blobdownloader.tags;

import io.github.blobdownloader.BlobDownloaderException;
import java.util.List;

/**
 * A repository's tags in the order of a strategy: candidates first, best first, then the tags it passed
 * over. Holds the pick and why, or the reason there is none.
 *
 * @param image    the repository, for messages ({@code registry/repository})
 * @param strategy the strategy that ranked the tags
 * @param tags     every tag, in the strategy's order
 * @param chosen   the tag the strategy picks, or {@code null}
 * @param reason   why {@code chosen} was picked, or — without a pick — the one-line failure
 */
public record TagRanking(String image, TagStrategy strategy, List<RankedTag> tags, String chosen, String reason) {

    /** How many tags a message lists. */
    private static final int TAGS_IN_MESSAGES = 10;

    public TagRanking {
        tags = List.copyOf(tags);
    }

    /** The chosen tag, or the user error explaining why there is none. */
    public String choose() {
        if (chosen == null) {
            throw new BlobDownloaderException(reason, true);
        }
        return chosen;
    }

    /** {@code a, b, c (and 7 more)}: a few tags for a message. */
    public static String sample(List<String> tags) {
        return sample(tags, true);
    }

    /**
     * As above; {@code complete} says whether {@code tags} are all there are, else the count says
     * {@code (and over 990 more)}.
     */
    public static String sample(List<String> tags, boolean complete) {
        int shown = Math.min(TAGS_IN_MESSAGES, tags.size());
        String more = complete ? "" : "over ";
        return String.join(", ", tags.subList(0, shown))
                + (tags.size() > shown || !complete ? " (and " + more + (tags.size() - shown) + " more)" : "");
    }

    /** The lines of the {@code tags} goal: one tag per line, the pick marked with {@code *}. */
    public List<String> lines() {
        int width = tags.stream().mapToInt(t -> t.tag().length()).max().orElse(0);
        return tags.stream()
                .map(t -> (t.tag().equals(chosen) ? "* " : "  ")
                        + (t.note().isEmpty() ? t.tag() : String.format("%-" + width + "s  %s", t.tag(), t.note())))
                .toList();
    }
}
