"""AWS CLI plugin: the S3 client that `aws cloudformation package` makes for itself uses the
command's --endpoint-url, as awscli-plugin-endpoint does for teams on a local AWS. The CLI 2.9
that Debian ships has no per-service endpoint setting (AWS_ENDPOINT_URL_S3 came later).

Enable it in the CLI's config file:
    [plugins]
    cli_legacy_plugin_path = <this directory>
    s3_follows_endpoint = s3_follows_endpoint
"""


def awscli_initialize(cli):
    cli.register('top-level-args-parsed', _s3_follows_endpoint)


def _s3_follows_endpoint(parsed_args, session, **kwargs):
    endpoint = getattr(parsed_args, 'endpoint_url', None)
    if not endpoint:
        return
    create_client = session.create_client

    def create_client_at_endpoint(service_name, *args, **kwargs):
        if service_name == 's3' and not args and kwargs.get('endpoint_url') is None:
            kwargs['endpoint_url'] = endpoint
        return create_client(service_name, *args, **kwargs)

    session.create_client = create_client_at_endpoint
