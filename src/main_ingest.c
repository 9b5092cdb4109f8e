/*
 * main_ingest.c - doxsearch-ingest: the doxsearch command line with the
 * real ingest command, linked with FFmpeg and poppler.  `doxsearch ingest`
 * runs it; it takes the same options and commands as doxsearch.
 */
#include "cli.h"

int main(int argc, char **argv)
{
        static const cli_heavy heavy = {cmd_ingest_run, cmd_export_site_run};

        return dx_cli_main(argc, argv, &heavy);
}
