/*
 * ecrPush: build an image (or take a docker save archive or a local image) and push it to ECR
 * with `berth push`. Returns [imageUri:, digest:, repositoryUri:, tags:, bytesSent:, outcome:].
 */

Map defaults() {
    return [
        repository  : null,  // the ECR repository, e.g. 'team/web' (required)
        tag         : null,  // the version to push as (required)
        tags        : [],    // more tags, e.g. the git commit
        context     : null,  // build with docker from this directory (the default source: '.')
        dockerfile  : null,  // with context: the Dockerfile, default context/Dockerfile
        buildArgs   : [:],   // with context: build arguments, name: value
        buildNetwork: null,  // with context: the network of RUN steps, e.g. 'none'
        tar         : null,  // push this docker save archive instead (no daemon needed)
        image       : null,  // push this image from the local Docker daemon instead
        keepLast    : null,  // when creating the repository: keep the last N images
        mutable     : false, // when creating the repository: let tags move
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecrPush', given, defaults(), ['repository', 'tag'])
    List sources = berthCli.setOptions(o, ['context', 'tar', 'image'])
    if (sources.size() > 1) {
        error("ecrPush: give one of context, tar and image, not ${sources.join(' and ')}")
    }
    if (!(o.buildArgs instanceof Map)) {
        error("ecrPush: option 'buildArgs' must be a map of name: value, got ${o.buildArgs}")
    }
    List args = ['push', '--repository', berthCli.text('ecrPush', 'repository', o.repository),
                 '--tag', berthCli.text('ecrPush', 'tag', o.tag)]
    List extraTags = berthCli.texts('ecrPush', 'tags', o.tags ?: [])
    for (int i = 0; i < extraTags.size(); i++) {
        args << '--tag'
        args << extraTags[i]
    }
    if (!berthCli.blank(o.tar)) {
        berthCli.optional('ecrPush', args, '--tar', 'tar', o.tar)
    } else if (!berthCli.blank(o.image)) {
        berthCli.optional('ecrPush', args, '--image', 'image', o.image)
    } else {
        args << '--context'
        args << berthCli.text('ecrPush', 'context', berthCli.blank(o.context) ? '.' : o.context)
        berthCli.optional('ecrPush', args, '--dockerfile', 'dockerfile', o.dockerfile)
        List names = berthCli.sortedKeys(o.buildArgs)
        for (int i = 0; i < names.size(); i++) {
            String name = berthCli.text('ecrPush', 'buildArgs', names[i])
            args << '--build-arg'
            args << name + '=' + berthCli.text('ecrPush', 'buildArgs', o.buildArgs[names[i]])
        }
        berthCli.optional('ecrPush', args, '--build-network', 'buildNetwork', o.buildNetwork)
    }
    berthCli.optional('ecrPush', args, '--keep-last', 'keepLast', o.keepLast)
    if (o.mutable) {
        args << '--mutable'
    }
    Map run = berthCli.run('ecrPush', o, args, 'push', o.repository)
    if (run.exitCode != 0) {
        error("ecrPush: ${o.repository}:${o.tag}: ${berthCli.exitMeaning(run.exitCode)}; see the log above")
    }
    Map r = run.result
    return [outcome: r.outcome, imageUri: r.imageUri, digest: r.digest, repositoryUri: r.repositoryUri, tags: r.tags,
            sizeBytes: r.sizeBytes, bytesSent: r.bytesSent, resultFile: run.resultFile]
}
