package io.github.blobdownloader.signature;

import java.util.ArrayList;
import java.util.List;

/** What the signature candidates of one image turned out to be: the valid ones, and why each other one is not. */
final class Findings {

    private final List<VerifiedSignature> verified = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private boolean repositoryMismatch;

    void verified(VerifiedSignature signature) {
        verified.add(signature);
    }

    void rejected(String what, String why) {
        rejected.add(what + ": " + why);
    }

    /** A valid signature for another repository: the one case a setting can accept. */
    void otherRepository(String what, String why) {
        repositoryMismatch = true;
        rejected(what, why);
    }

    void addAll(Findings other) {
        verified.addAll(other.verified);
        rejected.addAll(other.rejected);
        repositoryMismatch |= other.repositoryMismatch;
    }

    List<VerifiedSignature> verified() {
        return List.copyOf(verified);
    }

    List<String> rejected() {
        return List.copyOf(rejected);
    }

    boolean repositoryMismatch() {
        return repositoryMismatch;
    }

    boolean isEmpty() {
        return verified.isEmpty() && rejected.isEmpty();
    }
}
