"""tebiki's flow engine: flow files, the player, the browser. It never imports click."""
