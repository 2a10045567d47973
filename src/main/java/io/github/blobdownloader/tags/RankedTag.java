package io.github.blobdownloader.tags;

/**
 * One tag as a strategy sees it.
 *
 * @param tag       the tag
 * @param candidate whether the strategy could pick it
 * @param note      what the strategy saw (a creation time, "not a version", …); may be empty
 */
public record RankedTag(String tag, boolean candidate, String note) {}
