package io.github.blobdownloader.maven;

/**
 * One {@code <mirror>} of the {@code mirrors} parameter: {@code <registry>} is the mirrored registry as image
 * references name it ({@code docker.io}, {@code registry.example.com:5000}), {@code <url>} the mirror.
 */
public class Mirror {

    private String registry;
    private String url;

    public String getRegistry() {
        return registry;
    }

    public void setRegistry(String registry) {
        this.registry = registry;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }
}
