package io.github.blobdownloader.tags;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.ParallelTasks;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.manifest.Platform;
import io.github.blobdownloader.registry.RegistryClient;
import io.github.blobdownloader.registry.TagLister;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Ranks a repository's tags by a {@link TagStrategy}: {@code latest}, {@code semver} or {@code newest}. */
public final class TagSelector {

    private static final String LATEST = "latest";

    private final RegistryClient client;
    private final Log log;
    private final int pageSize;

    /** @param pageSize the {@code n} asked per tag-list page, 0 for the registry's default */
    public TagSelector(RegistryClient client, Log log, int pageSize) {
        this.client = client;
        this.log = log;
        this.pageSize = pageSize;
    }

    public TagSelector(RegistryClient client, Log log) {
        this(client, log, 0);
    }

    /**
     * Lists every tag of {@code repository} and ranks them.
     *
     * @param platform    the platform whose config counts for {@code newest} in a multi-platform image;
     *                    {@code null} for the first image of an index
     * @param parallelism manifests and configs fetched at once for {@code newest}
     */
    public TagRanking rank(
            String repository, TagStrategy strategy, boolean includePrereleases, Platform platform, int parallelism) {
        String image = client.endpoint().registry() + "/" + repository;
        List<String> tags = client.tags().list(repository, pageSize, Integer.MAX_VALUE);
        if (tags.isEmpty()) {
            return new TagRanking(
                    image,
                    strategy,
                    List.of(),
                    null,
                    "repository " + image + " has no tags; set " + Setting.TAG + " or a digest in " + Setting.IMAGE);
        }
        return switch (strategy) {
            case LATEST -> latest(image, tags);
            case SEMVER -> semver(image, tags, includePrereleases);
            case NEWEST -> newest(image, repository, tags, platform, parallelism);
        };
    }

    private static TagRanking latest(String image, List<String> tags) {
        List<RankedTag> ranked = new ArrayList<>();
        boolean has = tags.contains(LATEST);
        if (has) {
            ranked.add(new RankedTag(LATEST, true, ""));
        }
        tags.stream().filter(t -> !t.equals(LATEST)).sorted().forEach(t -> ranked.add(new RankedTag(t, false, "")));
        return has
                ? new TagRanking(image, TagStrategy.LATEST, ranked, LATEST, "the tag 'latest' (tagStrategy=latest)")
                : new TagRanking(image, TagStrategy.LATEST, ranked, null, latestMissing(image, tags));
    }

    /** The message when {@code latest} is wanted and missing; also used when a pull of it answers 404. */
    public static String latestMissing(String image, List<String> tags) {
        return latestMissing(image, new TagLister.Tags(tags, true));
    }

    /** As above, for tags that may be only the first pages of the listing. */
    public static String latestMissing(String image, TagLister.Tags some) {
        List<String> tags = some.tags();
        return "image " + image + " has no tag 'latest'"
                + (tags.isEmpty() && some.complete()
                        ? " and no tags at all"
                        : "; its tags include: "
                                + TagRanking.sample(tags.stream().sorted().toList(), some.complete()))
                + "; set " + Setting.TAG + ", or let the plugin choose with " + Setting.TAG_STRATEGY
                + " semver or newest";
    }

    private static TagRanking semver(String image, List<String> tags, boolean includePrereleases) {
        List<SemanticVersion> versions = tags.stream()
                .map(SemanticVersion::parse)
                .flatMap(Optional::stream)
                .sorted(Comparator.reverseOrder())
                .toList();
        List<RankedTag> ranked = new ArrayList<>();
        versions.stream()
                .filter(v -> includePrereleases || !v.isPrerelease())
                .forEach(v -> ranked.add(new RankedTag(v.tag(), true, "")));
        int candidates = ranked.size();
        versions.stream()
                .filter(v -> !includePrereleases && v.isPrerelease())
                .forEach(v -> ranked.add(new RankedTag(
                        v.tag(), false, "pre-release (" + Setting.INCLUDE_PRERELEASES.is("true") + " considers it)")));
        boolean prereleasesLeftOut = ranked.size() > candidates;
        tags.stream()
                .filter(t -> SemanticVersion.parse(t).isEmpty())
                .sorted()
                .forEach(t -> ranked.add(new RankedTag(t, false, "not a version")));
        if (candidates == 0) {
            return new TagRanking(
                    image,
                    TagStrategy.SEMVER,
                    ranked,
                    null,
                    "no tag of " + image + " is a "
                            + (includePrereleases ? "version" : "release version") + " (tags: "
                            + TagRanking.sample(tags)
                            + "); set " + Setting.TAG
                            + (prereleasesLeftOut
                                    ? ", or " + Setting.INCLUDE_PRERELEASES.is("true") + " to consider pre-releases"
                                    : "")
                            + ", or use " + Setting.TAG_STRATEGY.is("newest"));
        }
        return new TagRanking(
                image,
                TagStrategy.SEMVER,
                ranked,
                ranked.get(0).tag(),
                "highest "
                        + (includePrereleases ? "version, pre-releases included," : "release version") + " among "
                        + candidates + " of " + tags.size() + " tag(s) (tagStrategy=semver)");
    }

    private TagRanking newest(String image, String repository, List<String> tags, Platform platform, int parallelism) {
        CreationTimes times = new CreationTimes(client, repository, image, platform, log);
        Map<String, CreationTimes.Probe> probes = new ConcurrentHashMap<>();
        List<Runnable> tasks = new ArrayList<>();
        for (String tag : tags) {
            tasks.add(() -> probes.put(tag, times.of(tag)));
        }
        ParallelTasks.runAll(tasks, parallelism);
        log.info("Inspected " + tags.size() + " tag(s) of " + image + " to find the newest: " + times.requests());

        Comparator<String> newestFirst = Comparator.comparing(
                        (String t) -> probes.get(t).created())
                .reversed()
                .thenComparing(Comparator.reverseOrder());
        List<RankedTag> ranked = new ArrayList<>();
        tags.stream()
                .filter(t -> probes.get(t).created() != null)
                .sorted(newestFirst)
                .forEach(t -> ranked.add(
                        new RankedTag(t, true, "created " + probes.get(t).created())));
        int candidates = ranked.size();
        tags.stream()
                .filter(t -> probes.get(t).created() == null)
                .sorted()
                .forEach(t -> ranked.add(new RankedTag(t, false, probes.get(t).problem())));
        if (candidates == 0) {
            return new TagRanking(
                    image,
                    TagStrategy.NEWEST,
                    ranked,
                    null,
                    "none of the " + tags.size()
                            + " tag(s) of " + image + " has an image config with a 'created' time ("
                            + ranked.get(0).tag()
                            + ": " + ranked.get(0).note() + "); set " + Setting.TAG + " or use "
                            + Setting.TAG_STRATEGY.is("semver"));
        }
        RankedTag pick = ranked.get(0);
        return new TagRanking(
                image,
                TagStrategy.NEWEST,
                ranked,
                pick.tag(),
                "most recently created ("
                        + pick.note().substring("created ".length()) + ") of " + tags.size()
                        + " tag(s) inspected (tagStrategy=newest)");
    }
}
