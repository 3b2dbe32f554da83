window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1861000000000000100" ], "editableUntil" : "2026-11-21T09:30:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "88" ],
      "favorite_count" : "27",
      "id_str" : "1861000000000000100",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1861000000000000100",
      "created_at" : "Sat Nov 21 00:05:00 +0000 2026",
      "favorited" : false,
      "full_text" : "Invented example: we are looking into the double charges reported this morning. More soon.",
      "lang" : "en"
    }
  }
]
