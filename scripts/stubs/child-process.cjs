// commander needs child_process only to run executable subcommands, which this CLI has none of;
// loading it at start-up pulls in net, dgram and more. Load it on first use instead.
module.exports = {
  get spawn() {
    return require('node:child_process').spawn;
  },
};
