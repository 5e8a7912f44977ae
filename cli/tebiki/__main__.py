from tebiki.commands.entry import main

main()
