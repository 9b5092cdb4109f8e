/*
 * main.c - the doxsearch executable: everything lives in the cli library
 * so that tests can drive it too.
 */
#include "cli.h"

int main(int argc, char **argv)
{
        return dx_cli_main(argc, argv, NULL);
}
