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
    if (o.buildArgs != null && !(o.buildArgs instanceof Map)) {
        error("ecrPush: option 'buildArgs' must be a map of name: value, got ${berthValues.show(o.buildArgs)}")
    }
    String repository = berthValues.text('ecrPush', 'repository', o.repository)
    String tag = berthValues.text('ecrPush', 'tag', o.tag)
    List args = ['push', berthCli.arg('--repository', repository), berthCli.arg('--tag', tag)]
    List extraTags = berthValues.texts('ecrPush', 'tags', o.tags)
    for (int i = 0; i < extraTags.size(); i++) {
        args << berthCli.arg('--tag', extraTags[i])
    }
    if (!berthCli.blank(o.tar)) {
        berthCli.optional('ecrPush', args, '--tar', 'tar', o.tar)
    } else if (!berthCli.blank(o.image)) {
        berthCli.optional('ecrPush', args, '--image', 'image', o.image)
    } else {
        args << berthCli.arg('--context', berthValues.text('ecrPush', 'context', berthCli.blank(o.context) ? '.' : o.context))
        berthCli.optional('ecrPush', args, '--dockerfile', 'dockerfile', o.dockerfile)
        args.addAll(buildArgs(o.buildArgs ?: [:]))
        berthCli.optional('ecrPush', args, '--build-network', 'buildNetwork', o.buildNetwork)
    }
    if (!berthCli.blank(o.keepLast)) {
        args << berthCli.arg('--keep-last', berthValues.count('ecrPush', 'keepLast', o.keepLast, 1, 10000).toString())
    }
    if (o.mutable) {
        args << '--mutable'
    }
    Map run = berthRun.run('ecrPush', o, args, 'push', repository)
    Map r = berthRun.check('ecrPush', "${repository}:${tag}", run, 'push')
    return [outcome: r.outcome, imageUri: r.imageUri, digest: r.digest, repositoryUri: r.repositoryUri, tags: r.tags,
            sizeBytes: r.sizeBytes, bytesSent: r.bytesSent, resultFile: run.resultFile]
}

/** --build-arg=NAME=value, by name; a name is letters, digits and '_' (what a Dockerfile's ARG takes). */
List buildArgs(Map given) {
    List names = berthCli.sortedKeys(given)
    List args = []
    for (int i = 0; i < names.size(); i++) {
        String name = berthValues.text('ecrPush', 'buildArgs', names[i])
        if (!(name ==~ /[A-Za-z_][A-Za-z0-9_]*/)) {
            error("ecrPush: option 'buildArgs' has the name ${berthValues.show(names[i])}; a build argument's name is letters, digits and _")
        }
        args << berthCli.arg('--build-arg', name + '=' + berthValues.text('ecrPush', 'buildArgs', given[names[i]]))
    }
    return args
}
