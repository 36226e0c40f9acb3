from replycheck.cli import main

main()
