package io.github.blobdownloader.extract;

import io.github.blobdownloader.pull.PullRequest;
import java.nio.file.Path;

/**
 * One extraction, as the user gave it.
 *
 * @param pull            how to resolve and fetch the image, exactly as {@code download} does; its output folder
 *                        and layout are replaced by a private staging folder
 * @param outputDirectory where the image's file system goes
 * @param includes        comma list of Ant-style globs to keep, or {@code null} for everything
 * @param excludes        comma list of Ant-style globs to leave out, or {@code null} for none
 */
public record ExtractRequest(PullRequest pull, Path outputDirectory, String includes, String excludes) {}
