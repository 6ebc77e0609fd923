package org.latent.serve;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.latent.io.Json;
import org.latent.runs.RunRecord;
import org.latent.viz.Numbers;

/** The HTML pages of `latent serve`: self-contained (inline CSS, inline script drawing SVG; nothing fetched from elsewhere). */
final class Pages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Pages() {}

    private static final String STYLE = """
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#222;background:#fff}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:22px 0 8px}
            a{color:#1f5fbf;text-decoration:none} a:hover{text-decoration:underline}
            table{border-collapse:collapse;font-size:14px} th,td{padding:5px 10px;border-bottom:1px solid #e3e3e3;text-align:left}
            th{background:#f4f6f8;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums}
            .status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;color:#fff;background:#888}
            .status.complete{background:#2e8b57}.status.unfinished{background:#d98a00}.status.stopped{background:#5a6fb0}
            .status.failed,.status.damaged{background:#c0392b}.status.new{background:#999}
            .problem{background:#fdecea;border:1px solid #f5c6c0;padding:10px 14px;border-radius:6px;max-width:900px}
            .muted{color:#777;font-size:13px} .charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
            .card{border:1px solid #e3e3e3;border-radius:6px;padding:10px 12px} .card h3{font-size:14px;margin:0 0 6px}
            .card img{max-width:520px;image-rendering:pixelated} table#figures{margin-top:18px}
            svg text{font-size:11px;fill:#444} nav{margin-bottom:14px;font-size:14px}
            </style>
            """;

    /** Draws line charts as inline SVG: chart(element, title, xLabel, yLabel, [{name, color, points: [[x, y], ...]}]). */
    private static final String CHART_JS = """
            const COLORS=['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#17becf'];
            function niceTicks(lo,hi,n){if(!(hi>lo)){hi=lo+1;lo=lo-1;}const span=hi-lo,step0=span/n,mag=Math.pow(10,Math.floor(Math.log10(step0)));
              let step=mag;for(const m of [1,2,2.5,5,10]){if(m*mag>=step0){step=m*mag;break;}}
              const out=[];for(let v=Math.ceil(lo/step)*step;v<=hi+step*1e-9;v+=step)out.push(+v.toPrecision(12));return out;}
            function fmt(v){const a=Math.abs(v);if(a===0)return '0';if(a>=1e4||a<1e-3)return v.toExponential(1);return +v.toPrecision(4)+'';}
            function chart(el,title,xl,yl,series){
              const W=560,H=340,L=62,R=16,T=48,B=44,NS='http://www.w3.org/2000/svg';
              const pts=series.flatMap(s=>s.points).filter(p=>p[1]!==null&&isFinite(p[1]));
              el.innerHTML='';const svg=document.createElementNS(NS,'svg');svg.setAttribute('width',W);svg.setAttribute('height',H);
              svg.setAttribute('viewBox','0 0 '+W+' '+H);el.appendChild(svg);
              function add(tag,attrs,text){const e=document.createElementNS(NS,tag);for(const k in attrs)e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;svg.appendChild(e);return e;}
              add('text',{x:W/2,y:16,'text-anchor':'middle','font-weight':'600',style:'font-size:13px'},title);
              if(!pts.length){add('text',{x:W/2,y:H/2,'text-anchor':'middle'},'no rows yet');return;}
              let x0=Math.min(...pts.map(p=>p[0])),x1=Math.max(...pts.map(p=>p[0])),y0=Math.min(...pts.map(p=>p[1])),y1=Math.max(...pts.map(p=>p[1]));
              if(x1===x0){x0-=1;x1+=1;} if(y1===y0){const d=Math.abs(y0)*0.1||1;y0-=d;y1+=d;} const pad=(y1-y0)*0.05;y0-=pad;y1+=pad;
              const sx=x=>L+(x-x0)/(x1-x0)*(W-L-R),sy=y=>H-B-(y-y0)/(y1-y0)*(H-T-B);
              add('rect',{x:L,y:T,width:W-L-R,height:H-T-B,fill:'none',stroke:'#bbb'});
              for(const t of niceTicks(y0,y1,5)){if(t<y0||t>y1)continue;add('line',{x1:L,x2:W-R,y1:sy(t),y2:sy(t),stroke:'#eee'});add('text',{x:L-6,y:sy(t)+4,'text-anchor':'end'},fmt(t));}
              for(const t of niceTicks(x0,x1,6)){if(t<x0||t>x1)continue;add('line',{x1:sx(t),x2:sx(t),y1:H-B,y2:H-B+4,stroke:'#888'});add('text',{x:sx(t),y:H-B+16,'text-anchor':'middle'},fmt(t));}
              add('text',{x:L+(W-L-R)/2,y:H-8,'text-anchor':'middle'},xl);
              add('text',{x:14,y:T+(H-T-B)/2,'text-anchor':'middle',transform:'rotate(-90 14 '+(T+(H-T-B)/2)+')'},yl);
              series.forEach((s,i)=>{const c=s.color||COLORS[i%COLORS.length];const p=s.points.filter(q=>q[1]!==null&&isFinite(q[1]));if(!p.length)return;
                add('polyline',{points:p.map(q=>sx(q[0]).toFixed(1)+','+sy(q[1]).toFixed(1)).join(' '),fill:'none',stroke:c,'stroke-width':1.8,'class':'curve'});
                if(p.length<=40)for(const q of p)add('circle',{cx:sx(q[0]),cy:sy(q[1]),r:2.6,fill:c});});
              let lx=L,ly=T-8;
              series.forEach((s,i)=>{const c=s.color||COLORS[i%COLORS.length];if(!s.points.some(q=>q[1]!==null&&isFinite(q[1])))return;
                const w=s.name.length*6.2+34;if(lx+w>W-R&&lx>L){lx=L;ly+=14;}
                add('rect',{x:lx,y:ly-4,width:12,height:3,fill:c});add('text',{x:lx+16,y:ly},s.name);lx+=w;});
            }
            function lossSeries(d,prefix){const out=[];const rows=d.metrics;
              for(const [k,n] of [['train_loss','train'],['validation_loss','validation'],['test_loss','test']]){
                const p=rows.filter(r=>r[k]!==null).map(r=>[r.epoch,r[k]]);if(p.length)out.push({name:(prefix||'')+n,points:p});}
              return out;}
            function accSeries(d,prefix){const out=[];const rows=d.metrics;
              for(const [k,n] of [['train_accuracy','train'],['validation_accuracy','validation'],['test_accuracy','test']]){
                const p=rows.filter(r=>r[k]!==null).map(r=>[r.epoch,r[k]]);if(p.length)out.push({name:(prefix||'')+n,points:p});}
              return out;}
            """;

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String url(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n" + STYLE
                + "</head><body>\n" + body + "\n</body></html>\n";
    }

    /** A page with a title and a sentence (plain text). */
    static String message(String title, String text) {
        return messageHtml(title, escape(text));
    }

    /** A page with a title and a sentence (already HTML). */
    static String messageHtml(String title, String html) {
        return page(title + " - latent serve", "<nav><a href=\"/\">All runs</a></nav><h1>" + escape(title) + "</h1><p>" + html + "</p>");
    }

    static String status(String s) {
        return "<span class=\"status " + escape(s) + "\">" + escape(s) + "</span>";
    }

    static String epochs(RunRecord r) {
        int epochs = epochsDone(r), step = epochs > r.epochs() ? 0 : r.stepInEpoch();
        String done = r.epochsAsked() > 0 ? epochs + "/" + r.epochsAsked() : String.valueOf(epochs);
        return step > 0 ? done + " +" + step + " steps" : done;
    }

    /**
     * The epochs trained: state.json's (written with each checkpoint) or metrics.csv's last row, whichever
     * is further on (a run that trains writes a metrics row every epoch, a checkpoint only every few).
     */
    static int epochsDone(RunRecord r) {
        return r.metrics().isEmpty() ? r.epochs() : Math.max(r.epochs(), r.metrics().get(r.metrics().size() - 1).epoch());
    }

    private static String best(RunRecord.Best b) {
        if (b == null) return "";
        return (b.set().equals("validation") ? "val" : b.set()) + " " + Numbers.measurement(b.value()) + " @" + b.epoch();
    }

    /** The first page: every run, with checkboxes to compare some. */
    static String list(Path root, List<RunRecord> runs) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Runs in ").append(escape(root.toString())).append("</h1>\n");
        b.append("<p class=\"muted\">").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append("; read from the run folders at ").append(escape(DATE.format(java.time.Instant.now())))
                .append(" (reload for news; a run's own page updates itself while it trains).</p>\n");
        if (runs.isEmpty()) {
            b.append("<p>No run folders here yet (a run folder holds a config.json). Train one with <code>latent train CONFIG --out ")
                    .append(escape(root.toString())).append("</code>.</p>");
            return page("Runs - latent serve", b.toString());
        }
        boolean accuracy = runs.stream().anyMatch(r -> r.bestAccuracy() != null);
        b.append("<form action=\"/compare\" method=\"get\"><table id=\"runs\">\n<tr><th></th><th>run</th><th>family</th><th>data</th>"
                + "<th>status</th><th>epochs</th><th>best loss</th>").append(accuracy ? "<th>accuracy</th>" : "")
                .append("<th>time</th><th>changed</th><th></th></tr>\n");
        for (RunRecord r : runs) {
            String name = r.dir().getFileName().toString();
            String link = "/run/" + url(name) + "/";
            b.append("<tr data-run=\"").append(escape(name)).append("\"><td><input type=\"checkbox\" name=\"run\" value=\"")
                    .append(escape(name)).append("\"></td><td><a href=\"").append(link).append("\">").append(escape(name)).append("</a></td><td>")
                    .append(escape(r.family())).append("</td><td>").append(escape(r.dataset())).append("</td><td>").append(status(r.status()))
                    .append("</td><td class=\"num\">").append(escape(epochs(r))).append("</td><td class=\"num\">").append(escape(best(r.bestLoss())))
                    .append("</td>");
            if (accuracy) b.append("<td class=\"num\">").append(escape(best(r.bestAccuracy()))).append("</td>");
            b.append("<td class=\"num\">").append(r.seconds() > 0 ? escape(Numbers.duration(r.seconds())) : "").append("</td><td>")
                    .append(escape(DATE.format(r.modified().toInstant()))).append("</td><td>");
            if (java.nio.file.Files.isRegularFile(r.dir().resolve("report.html"))) b.append("<a href=\"").append(link).append("report.html\">report</a>");
            b.append("</td></tr>\n");
            if (r.problem() != null) {
                b.append("<tr><td></td><td colspan=\"").append(accuracy ? 10 : 9).append("\" class=\"muted\">").append(escape(r.problem()))
                        .append("</td></tr>\n");
            }
        }
        b.append("</table>\n<p><button type=\"submit\">Compare the runs ticked</button></p></form>");
        return page("Runs - latent serve", b.toString());
    }

    /** A run's page: what RunRecord read, drawn at once from the data inlined, then polled from /api/run/NAME while it trains. */
    static String run(String name, RunRecord r, LiveData.Image image) {
        StringBuilder b = new StringBuilder();
        String link = "/run/" + url(name) + "/";
        b.append("<nav><a href=\"/\">All runs</a></nav>\n<h1>").append(escape(name)).append(" ").append("<span id=\"status\">")
                .append(status(r.status())).append("</span></h1>\n");
        b.append("<p>").append(escape(r.family().isEmpty() ? "?" : r.family())).append(" on ").append(escape(r.dataset().isEmpty() ? "?" : r.dataset()))
                .append(" &middot; epochs <b id=\"epochs\">").append(escape(epochs(r))).append("</b> &middot; <span id=\"updated\" class=\"muted\">read ")
                .append(escape(DATE.format(java.time.Instant.now()))).append("</span></p>\n");
        if (r.problem() != null) {
            b.append("<div class=\"problem\" id=\"problem\"><b>This run folder cannot be read in full.</b> ").append(escape(r.problem()))
                    .append("<br>A run folder that is being written or was cut short can look like this; the files that could be read are "
                            + "shown below, and the folder's files are linked. Training it again or resuming it "
                            + "(<code>latent train CONFIG --resume ").append(escape(name)).append("</code>) rewrites what is damaged.</div>\n");
        }
        b.append("<p id=\"links\">");
        if (java.nio.file.Files.isRegularFile(r.dir().resolve("report.html"))) b.append("<a href=\"report.html\">report</a> &middot; ");
        for (String f : List.of("config.json", "metrics.csv", "summary.json", "state.json")) {
            if (java.nio.file.Files.isRegularFile(r.dir().resolve(f))) b.append("<a href=\"").append(f).append("\">").append(f).append("</a> &middot; ");
        }
        b.append("<a href=\"/compare?run=").append(url(name)).append("\">compare</a></p>\n");
        b.append("<p class=\"muted\" id=\"figures\">").append(figureLinks(figures(r.dir()))).append("</p>\n");
        b.append("<div class=\"charts\"><div class=\"card\" id=\"loss\"></div><div class=\"card\" id=\"accuracy\" hidden></div>"
                + "<div class=\"card\" id=\"gan\" hidden></div><div class=\"card\" id=\"image\"")
                .append(image == null ? " hidden" : "").append("><h3 id=\"caption\">").append(image == null ? "" : escape(image.caption()))
                .append("</h3><img id=\"sample\" alt=\"newest samples\" src=\"")
                .append(image == null ? "" : escape(url(image.file()) + "?v=" + image.version())).append("\"></div></div>\n");
        String json = Json.compact(LiveData.of(name, r.dir(), r)).replace("</", "<\\/");
        b.append("<script>\n").append(CHART_JS).append("const API='/api/run/").append(url(name)).append("';\nlet data=").append(json).append(";\n");
        b.append("""
                function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
                function draw(d){
                  const ep=d.epochs_asked>0?d.epochs+'/'+d.epochs_asked:''+d.epochs;
                  document.getElementById('epochs').textContent=ep+(d.step_in_epoch>0?' +'+d.step_in_epoch+' steps':'');
                  document.getElementById('status').innerHTML='<span class="status '+esc(d.status)+'">'+esc(d.status)+'</span>';
                  chart(document.getElementById('loss'),'Loss per epoch','epoch',d.loss+' per example',lossSeries(d));
                  const acc=accSeries(d),ae=document.getElementById('accuracy');ae.hidden=!acc.length;if(acc.length)chart(ae,'Accuracy','epoch','accuracy',acc);
                  const ge=document.getElementById('gan');ge.hidden=!d.gan_losses.length;
                  if(d.gan_losses.length){const spe=Math.max(1,...d.gan_losses.map(r=>r[1]));
                    chart(ge,'GAN losses per log interval','epoch','loss per example',[
                      {name:'discriminator',points:d.gan_losses.map(r=>[r[0]-1+r[1]/spe,r[2]])},
                      {name:'generator',points:d.gan_losses.map(r=>[r[0]-1+r[1]/spe,r[3]])}]);}
                  if(d.image){const im=document.getElementById('sample'),src=encodeURIComponent(d.image.file)+'?v='+d.image.version;
                    document.getElementById('image').hidden=false;document.getElementById('caption').textContent=d.image.caption;
                    if(im.getAttribute('src')!==src)im.setAttribute('src',src);}
                  if(d.figures){const fe=document.getElementById('figures'),groups={},plain=[];
                    for(const f of d.figures){const m=/^(.+)-epoch-(\\d+)\\.png$/.exec(f);if(m)(groups[m[1]]=groups[m[1]]||[]).push(f);else plain.push(f);}
                    const link=f=>'<a href="'+encodeURIComponent(f)+'">'+esc(f)+'</a>';
                    const parts=plain.map(link).concat(Object.keys(groups).sort().map(k=>esc(k)+'-epoch-NNN.png ('+groups[k].length+', newest '+link(groups[k][groups[k].length-1])+')'));
                    fe.innerHTML=parts.length?'figures: '+parts.join(' '):'';}
                  if(d.report&&!document.querySelector('#links a[href="report.html"]'))
                    document.getElementById('links').insertAdjacentHTML('afterbegin','<a href="report.html">report</a> &middot; ');
                }
                function live(s){return s==='unfinished'||s==='new'||s==='damaged';}
                draw(data);
                let polls=0;
                async function poll(){
                  try{const r=await fetch(API,{cache:'no-store'});if(r.ok){data=await r.json();polls++;draw(data);
                    const u=document.getElementById('updated');u.textContent='updated '+new Date().toLocaleTimeString()+' (live, every 2 s)';
                    u.setAttribute('data-polls',polls);}}catch(e){}
                  if(live(data.status))setTimeout(poll,2000);
                }
                if(live(data.status))setTimeout(poll,2000);
                </script>""");
        return page(name + " - latent serve", b.toString());
    }

    private static final java.util.regex.Pattern PER_EPOCH = java.util.regex.Pattern.compile("(.+)-epoch-(\\d+)\\.png");

    /**
     * "figures: loss.png samples.png ...", the per-epoch ones (a GAN's samples-epoch-NNN.png, ...) as one
     * entry per kind: how many, and the newest linked. The run page's script does the same from the JSON.
     */
    static String figureLinks(List<String> files) {
        if (files.isEmpty()) return "";
        StringBuilder b = new StringBuilder("figures: ");
        java.util.Map<String, List<String>> perEpoch = new java.util.TreeMap<>();
        for (String f : files) {
            java.util.regex.Matcher m = PER_EPOCH.matcher(f);
            if (m.matches()) perEpoch.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(f);
            else b.append("<a href=\"").append(escape(url(f))).append("\">").append(escape(f)).append("</a> ");
        }
        for (var e : perEpoch.entrySet()) {
            String newest = e.getValue().get(e.getValue().size() - 1);
            b.append(escape(e.getKey())).append("-epoch-NNN.png (").append(e.getValue().size()).append(", newest <a href=\"")
                    .append(escape(url(newest))).append("\">").append(escape(newest)).append("</a>) ");
        }
        return b.toString().strip();
    }

    /** The PNG files of a run folder, by name. */
    static List<String> figures(Path dir) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png") && !n.startsWith(".")).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Several runs' curves over each other: validation loss where a run has one, else training loss. */
    static String compare(List<String> names) {
        StringBuilder b = new StringBuilder();
        b.append("<nav><a href=\"/\">All runs</a></nav>\n<h1>Comparing ").append(names.size()).append(names.size() == 1 ? " run" : " runs").append("</h1>\n");
        if (names.isEmpty()) {
            b.append("<p>No runs chosen: tick some on <a href=\"/\">the list</a>, or give them as <code>/compare?run=A&amp;run=B</code>.</p>");
            return page("Compare - latent serve", b.toString());
        }
        b.append("<p>");
        for (String n : names) b.append("<a href=\"/run/").append(url(n)).append("/\">").append(escape(n)).append("</a> ");
        b.append("<span id=\"updated\" class=\"muted\"></span></p>\n<div class=\"charts\"><div class=\"card\" id=\"loss\"></div>"
                + "<div class=\"card\" id=\"train\"></div><div class=\"card\" id=\"accuracy\" hidden></div></div>\n<table id=\"figures\"></table>\n");
        b.append("<script>\n").append(CHART_JS).append("const RUNS=").append(Json.compact(names).replace("</", "<\\/")).append(";\n");
        b.append("""
                async function load(){
                  const ds=await Promise.all(RUNS.map(n=>fetch('/api/run/'+encodeURIComponent(n),{cache:'no-store'}).then(r=>r.json())));
                  const val=[],train=[],acc=[];
                  ds.forEach(d=>{const v=d.metrics.filter(r=>r.validation_loss!==null).map(r=>[r.epoch,r.validation_loss]);
                    const t=d.metrics.filter(r=>r.train_loss!==null).map(r=>[r.epoch,r.train_loss]);
                    val.push({name:d.name+(v.length?' (validation)':' (train)'),points:v.length?v:t});train.push({name:d.name,points:t});
                    const a=d.metrics.filter(r=>r.validation_accuracy!==null).map(r=>[r.epoch,r.validation_accuracy]);if(a.length)acc.push({name:d.name,points:a});});
                  chart(document.getElementById('loss'),'Validation loss (training loss where there is none)','epoch','loss per example',val);
                  chart(document.getElementById('train'),'Training loss','epoch','loss per example',train);
                  const ae=document.getElementById('accuracy');ae.hidden=!acc.length;if(acc.length)chart(ae,'Validation accuracy','epoch','accuracy',acc);
                  const rows=[['run','family','data','status','epochs','last train loss','best validation loss']];
                  ds.forEach(d=>{const m=d.metrics,last=m.length?m[m.length-1]:null,vs=m.filter(r=>r.validation_loss!==null);
                    const best=vs.length?vs.reduce((a,b)=>b.validation_loss<a.validation_loss?b:a):null;
                    rows.push([d.name,d.family,d.dataset,d.status,d.epochs_asked>0?d.epochs+'/'+d.epochs_asked:''+d.epochs,
                      last&&last.train_loss!==null?fmt(last.train_loss):'',best?fmt(best.validation_loss)+' @'+best.epoch:'']);});
                  document.getElementById('figures').innerHTML=rows.map((r,i)=>'<tr>'+r.map(c=>(i?'<td>':'<th>')+String(c).replace(/[&<>]/g,'')+(i?'</td>':'</th>')).join('')+'</tr>').join('');
                  document.getElementById('updated').textContent='updated '+new Date().toLocaleTimeString();
                  if(ds.some(d=>d.status==='unfinished'||d.status==='new'))setTimeout(load,3000);
                }
                load();
                </script>""");
        return page("Compare - latent serve", b.toString());
    }
}
