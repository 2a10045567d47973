package io.github.blobdownloader.reference;

import io.github.blobdownloader.Setting;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed image reference {@code [registry[:port]/]repository[:tag][@digest]}, normalised the way Docker
 * does it: no registry means Docker Hub ({@code docker.io}), and a one-part Docker Hub repository gets the
 * {@code library/} prefix.
 *
 * @param registry   registry host with optional port as written by the user, e.g. {@code docker.io},
 *                   {@code 127.0.0.1:5000}
 * @param repository repository path, e.g. {@code library/alpine}
 * @param tag        tag, or {@code null}
 * @param digest     manifest digest, or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's API endpoint; {@code docker.io} itself does not serve the registry API. */
    public static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
    private static final String DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN =
            Pattern.compile("(?:" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_NAME_LENGTH = 255;

    public ImageReference {
        if (registry == null || repository == null) {
            throw new IllegalArgumentException("registry and repository are required");
        }
    }

    /**
     * The reference as the user gave it: {@code image} alone, or a repository on the {@code registryUrl} (the
     * seed's style); a {@code tag} overrides a tag in the image. It may have neither tag nor digest: a tag
     * strategy then picks one.
     */
    public static ImageReference resolve(String image, String registryUrl, String tag) {
        ImageReference ref = registryUrl != null && !registryUrl.isBlank()
                ? parseRepository(RegistryUrl.parse(registryUrl).hostPort(), image)
                : parse(image);
        if (tag != null && !tag.isBlank()) {
            ref = ref.withTag(validateTag(tag.trim()));
        }
        return ref;
    }

    /**
     * Parses a full reference.
     *
     * @throws InvalidReferenceException with a message naming the offending part
     */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidReferenceException("no image given: set " + Setting.IMAGE);
        }
        String input = reference.trim();
        Digest digest = null;
        int at = input.indexOf('@');
        String nameAndTag = input;
        if (at >= 0) {
            try {
                digest = Digest.parse(input.substring(at + 1));
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException("invalid image reference '" + input + "': " + e.getMessage());
            }
            nameAndTag = input.substring(0, at);
        }
        // A tag is after the last ':' that comes after the last '/', so "host:5000/repo" keeps its port.
        String tag = null;
        int lastSlash = nameAndTag.lastIndexOf('/');
        int colon = nameAndTag.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = nameAndTag.substring(colon + 1);
            nameAndTag = nameAndTag.substring(0, colon);
            checkTag(input, tag);
        }
        String registry = DOCKER_HUB;
        String path = nameAndTag;
        int firstSlash = nameAndTag.indexOf('/');
        if (firstSlash > 0) {
            String first = nameAndTag.substring(0, firstSlash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                registry = first;
                path = nameAndTag.substring(firstSlash + 1);
            }
        }
        if (!DOMAIN.matcher(registry).matches()) {
            throw new InvalidReferenceException(
                    "invalid image reference '" + input + "': '" + registry + "' is not a valid registry host[:port]");
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        checkRepository(input, path);
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * Parses a bare repository (with optional tag and digest) for use with an explicit registry, as in
     * the seed's style where {@code registryUrl} names the registry and {@code image} just the repository.
     */
    public static ImageReference parseRepository(String registry, String repositoryWithTag) {
        if (repositoryWithTag == null || repositoryWithTag.isBlank()) {
            throw new InvalidReferenceException("no image given: set " + Setting.IMAGE);
        }
        String input = repositoryWithTag.trim();
        ImageReference parsed = parse("placeholder.invalid/" + stripLeadingSlash(input));
        return new ImageReference(registry, parsed.repository(), parsed.tag(), parsed.digest());
    }

    private static String stripLeadingSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static void checkTag(String input, String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException("invalid image reference '" + input + "': tag '" + tag
                    + "' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
    }

    /** Checks a tag given on its own (the {@code tag} parameter). */
    public static String validateTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException("invalid tag '" + tag + "' (" + Setting.TAG
                    + "): a tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        return tag;
    }

    private static void checkRepository(String input, String path) {
        if (path.isEmpty()) {
            throw new InvalidReferenceException("invalid image reference '" + input + "': repository is empty");
        }
        for (String component : path.split("/", -1)) {
            Matcher m = PATH_COMPONENT.matcher(component);
            if (!m.matches()) {
                String hint = component.equals(component.toLowerCase(java.util.Locale.ROOT))
                        ? "path components are lowercase letters and digits separated by '.', '_', '__' or '-'"
                        : "repository names must be lowercase";
                throw new InvalidReferenceException("invalid image reference '" + input + "': '" + component
                        + "' in repository '" + path + "': " + hint);
            }
        }
        if (path.length() > MAX_NAME_LENGTH) {
            throw new InvalidReferenceException("invalid image reference '" + input + "': repository name longer than "
                    + MAX_NAME_LENGTH + " characters");
        }
    }

    /** The host[:port] to connect to: Docker Hub's API lives at {@link #DOCKER_HUB_ENDPOINT}. */
    public String endpointHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_ENDPOINT : registry;
    }

    public Optional<String> optionalTag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> optionalDigest() {
        return Optional.ofNullable(digest);
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** What to ask the manifests endpoint for: the digest if pinned, else the tag. */
    public String manifestReference() {
        if (digest != null) {
            return digest.toString();
        }
        if (tag == null) {
            throw new IllegalStateException("reference " + this + " has neither tag nor digest");
        }
        return tag;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(registry).append('/').append(repository);
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }
}
